using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tsunagu.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AddMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MeetingBody",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ChairId = table.Column<int>(type: "integer", nullable: true),
                    SecretaryId = table.Column<int>(type: "integer", nullable: true),
                    Cadence = table.Column<int>(type: "integer", nullable: false),
                    Weekday = table.Column<int>(type: "integer", nullable: false),
                    WeekOfMonth = table.Column<int>(type: "integer", nullable: true),
                    DayOfMonth = table.Column<int>(type: "integer", nullable: false),
                    AnchorDate = table.Column<DateOnly>(type: "date", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WebMeetingUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingBody", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingBody_AspNetUsers_ChairId",
                        column: x => x.ChairId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingBody_AspNetUsers_SecretaryId",
                        column: x => x.SecretaryId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WorkRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Details = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    RequesterId = table.Column<int>(type: "integer", nullable: false),
                    RequesterDepartmentId = table.Column<int>(type: "integer", nullable: true),
                    ToDepartmentId = table.Column<int>(type: "integer", nullable: false),
                    ToAccountId = table.Column<int>(type: "integer", nullable: true),
                    AssigneeId = table.Column<int>(type: "integer", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SourceKind = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SourceKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SourceUrl = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkRequests_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequests_AspNetUsers_RequesterId",
                        column: x => x.RequesterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequests_AspNetUsers_ToAccountId",
                        column: x => x.ToAccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequests_Departments_RequesterDepartmentId",
                        column: x => x.RequesterDepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequests_Departments_ToDepartmentId",
                        column: x => x.ToDepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Meeting",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BodyId = table.Column<int>(type: "integer", nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WebMeetingUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ChairId = table.Column<int>(type: "integer", nullable: true),
                    SecretaryId = table.Column<int>(type: "integer", nullable: true),
                    EventId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    ScheduledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MovedReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meeting", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Meeting_AspNetUsers_ChairId",
                        column: x => x.ChairId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Meeting_AspNetUsers_SecretaryId",
                        column: x => x.SecretaryId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Meeting_MeetingBody_BodyId",
                        column: x => x.BodyId,
                        principalTable: "MeetingBody",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MeetingBodyMember",
                columns: table => new
                {
                    BodyId = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingBodyMember", x => new { x.BodyId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_MeetingBodyMember_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingBodyMember_MeetingBody_BodyId",
                        column: x => x.BodyId,
                        principalTable: "MeetingBody",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkRequestEvent",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WorkRequestId = table.Column<int>(type: "integer", nullable: false),
                    ActorId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    FromState = table.Column<int>(type: "integer", nullable: true),
                    ToState = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkRequestEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkRequestEvent_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequestEvent_WorkRequests_WorkRequestId",
                        column: x => x.WorkRequestId,
                        principalTable: "WorkRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkRequestReminder",
                columns: table => new
                {
                    WorkRequestId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByHand = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkRequestReminder", x => new { x.WorkRequestId, x.Day });
                    table.ForeignKey(
                        name: "FK_WorkRequestReminder_WorkRequests_WorkRequestId",
                        column: x => x.WorkRequestId,
                        principalTable: "WorkRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkRequestWatcher",
                columns: table => new
                {
                    WorkRequestId = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkRequestWatcher", x => new { x.WorkRequestId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_WorkRequestWatcher_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WorkRequestWatcher_WorkRequests_WorkRequestId",
                        column: x => x.WorkRequestId,
                        principalTable: "WorkRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAgendaItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PresenterId = table.Column<int>(type: "integer", nullable: true),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAgendaItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingAgendaItem_AspNetUsers_PresenterId",
                        column: x => x.PresenterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingAgendaItem_Meeting_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meeting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingAttendee",
                columns: table => new
                {
                    MeetingId = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Attendance = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingAttendee", x => new { x.MeetingId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_MeetingAttendee_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingAttendee_Meeting_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meeting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingMaterial",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<int>(type: "integer", nullable: false),
                    AgendaItemId = table.Column<int>(type: "integer", nullable: true),
                    AttachmentId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingMaterial", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingMaterial_Meeting_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meeting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingMinutes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedById = table.Column<int>(type: "integer", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingMinutes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingMinutes_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingMinutes_AspNetUsers_PublishedById",
                        column: x => x.PublishedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingMinutes_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MeetingMinutes_Meeting_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meeting",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MaterialNote",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MaterialId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<int>(type: "integer", nullable: false),
                    Page = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaterialNote", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MaterialNote_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MaterialNote_MeetingMaterial_MaterialId",
                        column: x => x.MaterialId,
                        principalTable: "MeetingMaterial",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MinutesActionItem",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MinutesId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    AssigneeText = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AssigneeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AssigneeAccountId = table.Column<int>(type: "integer", nullable: true),
                    AssigneeDepartmentId = table.Column<int>(type: "integer", nullable: true),
                    Content = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    WorkRequestId = table.Column<int>(type: "integer", nullable: true),
                    ConvertingSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MinutesActionItem", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MinutesActionItem_MeetingMinutes_MinutesId",
                        column: x => x.MinutesId,
                        principalTable: "MeetingMinutes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MaterialNote_AuthorId",
                table: "MaterialNote",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_MaterialNote_MaterialId_AuthorId",
                table: "MaterialNote",
                columns: new[] { "MaterialId", "AuthorId" });

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_BodyId_ScheduledOn",
                table: "Meeting",
                columns: new[] { "BodyId", "ScheduledOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_BodyId_StartsAt",
                table: "Meeting",
                columns: new[] { "BodyId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_ChairId",
                table: "Meeting",
                column: "ChairId");

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_SecretaryId",
                table: "Meeting",
                column: "SecretaryId");

            migrationBuilder.CreateIndex(
                name: "IX_Meeting_StartsAt",
                table: "Meeting",
                column: "StartsAt");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAgendaItem_MeetingId",
                table: "MeetingAgendaItem",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAgendaItem_PresenterId",
                table: "MeetingAgendaItem",
                column: "PresenterId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingAttendee_AccountId",
                table: "MeetingAttendee",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingBody_ChairId",
                table: "MeetingBody",
                column: "ChairId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingBody_Name",
                table: "MeetingBody",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingBody_SecretaryId",
                table: "MeetingBody",
                column: "SecretaryId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingBodyMember_AccountId",
                table: "MeetingBodyMember",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMaterial_AttachmentId",
                table: "MeetingMaterial",
                column: "AttachmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMaterial_MeetingId",
                table: "MeetingMaterial",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMinutes_CreatedById",
                table: "MeetingMinutes",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMinutes_MeetingId",
                table: "MeetingMinutes",
                column: "MeetingId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMinutes_PublishedById",
                table: "MeetingMinutes",
                column: "PublishedById");

            migrationBuilder.CreateIndex(
                name: "IX_MeetingMinutes_UpdatedById",
                table: "MeetingMinutes",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_MinutesActionItem_MinutesId_Position",
                table: "MinutesActionItem",
                columns: new[] { "MinutesId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MinutesActionItem_WorkRequestId",
                table: "MinutesActionItem",
                column: "WorkRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequestEvent_ActorId",
                table: "WorkRequestEvent",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequestEvent_WorkRequestId_At",
                table: "WorkRequestEvent",
                columns: new[] { "WorkRequestId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_AssigneeId",
                table: "WorkRequests",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_RequesterDepartmentId_State",
                table: "WorkRequests",
                columns: new[] { "RequesterDepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_RequesterId_CreatedAt",
                table: "WorkRequests",
                columns: new[] { "RequesterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_SourceKind_SourceKey",
                table: "WorkRequests",
                columns: new[] { "SourceKind", "SourceKey" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_State_DueDate",
                table: "WorkRequests",
                columns: new[] { "State", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_ToAccountId",
                table: "WorkRequests",
                column: "ToAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequests_ToDepartmentId_State",
                table: "WorkRequests",
                columns: new[] { "ToDepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkRequestWatcher_AccountId",
                table: "WorkRequestWatcher",
                column: "AccountId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MaterialNote");

            migrationBuilder.DropTable(
                name: "MeetingAgendaItem");

            migrationBuilder.DropTable(
                name: "MeetingAttendee");

            migrationBuilder.DropTable(
                name: "MeetingBodyMember");

            migrationBuilder.DropTable(
                name: "MinutesActionItem");

            migrationBuilder.DropTable(
                name: "WorkRequestEvent");

            migrationBuilder.DropTable(
                name: "WorkRequestReminder");

            migrationBuilder.DropTable(
                name: "WorkRequestWatcher");

            migrationBuilder.DropTable(
                name: "MeetingMaterial");

            migrationBuilder.DropTable(
                name: "MeetingMinutes");

            migrationBuilder.DropTable(
                name: "WorkRequests");

            migrationBuilder.DropTable(
                name: "Meeting");

            migrationBuilder.DropTable(
                name: "MeetingBody");
        }
    }
}
