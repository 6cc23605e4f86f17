using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tsunagu.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AddStaffSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StaffSurveys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Instructions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SchemaJson = table.Column<string>(type: "text", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    AllowsSeveralAnswers = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSurveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffSurveys_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StaffSurveyAnswers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffSurveyId = table.Column<int>(type: "integer", nullable: false),
                    DepartmentId = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<int>(type: "integer", nullable: false),
                    UpdatedById = table.Column<int>(type: "integer", nullable: false),
                    ValuesJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSurveyAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffSurveyAnswers_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffSurveyAnswers_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffSurveyAnswers_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffSurveyAnswers_StaffSurveys_StaffSurveyId",
                        column: x => x.StaffSurveyId,
                        principalTable: "StaffSurveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StaffSurveyTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffSurveyId = table.Column<int>(type: "integer", nullable: false),
                    DepartmentId = table.Column<int>(type: "integer", nullable: false),
                    LastRemindedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReminderCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSurveyTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffSurveyTargets_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffSurveyTargets_StaffSurveys_StaffSurveyId",
                        column: x => x.StaffSurveyId,
                        principalTable: "StaffSurveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyAnswers_CreatedById",
                table: "StaffSurveyAnswers",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyAnswers_DepartmentId",
                table: "StaffSurveyAnswers",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyAnswers_StaffSurveyId_DepartmentId",
                table: "StaffSurveyAnswers",
                columns: new[] { "StaffSurveyId", "DepartmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyAnswers_UpdatedById",
                table: "StaffSurveyAnswers",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveys_CreatedById",
                table: "StaffSurveys",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveys_State_Deadline",
                table: "StaffSurveys",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyTargets_DepartmentId",
                table: "StaffSurveyTargets",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSurveyTargets_StaffSurveyId_DepartmentId",
                table: "StaffSurveyTargets",
                columns: new[] { "StaffSurveyId", "DepartmentId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StaffSurveyAnswers");

            migrationBuilder.DropTable(
                name: "StaffSurveyTargets");

            migrationBuilder.DropTable(
                name: "StaffSurveys");
        }
    }
}
