using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagu.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddStaffSurveysAndStrategy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MaturityAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    AssessedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssessorId = table.Column<int>(type: "INTEGER", nullable: true),
                    AssessorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaturityAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MaturityAssessments_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MaturityTargets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Axis = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaturityTargets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RoadmapMeasures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoadmapMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoadmapMeasures_RoadmapMeasures_ParentId",
                        column: x => x.ParentId,
                        principalTable: "RoadmapMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StaffSurveys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Instructions = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SchemaJson = table.Column<string>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AllowsSeveralAnswers = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                name: "MaturityScores",
                columns: table => new
                {
                    AssessmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Axis = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaturityScores", x => new { x.AssessmentId, x.Axis });
                    table.ForeignKey(
                        name: "FK_MaturityScores_MaturityAssessments_AssessmentId",
                        column: x => x.AssessmentId,
                        principalTable: "MaturityAssessments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoadmapCells",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MeasureId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Half = table.Column<int>(type: "INTEGER", nullable: false),
                    Activity = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoadmapCells", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoadmapCells_RoadmapMeasures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "RoadmapMeasures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StaffSurveyAnswers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StaffSurveyId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<int>(type: "INTEGER", nullable: false),
                    ValuesJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StaffSurveyId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    LastRemindedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReminderCount = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "IX_MaturityAssessments_DepartmentId_AssessedOn",
                table: "MaturityAssessments",
                columns: new[] { "DepartmentId", "AssessedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_MaturityTargets_Axis_DueOn",
                table: "MaturityTargets",
                columns: new[] { "Axis", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_RoadmapCells_MeasureId_FiscalYear_Half",
                table: "RoadmapCells",
                columns: new[] { "MeasureId", "FiscalYear", "Half" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoadmapMeasures_ParentId_SortOrder",
                table: "RoadmapMeasures",
                columns: new[] { "ParentId", "SortOrder" });

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
                name: "MaturityScores");

            migrationBuilder.DropTable(
                name: "MaturityTargets");

            migrationBuilder.DropTable(
                name: "RoadmapCells");

            migrationBuilder.DropTable(
                name: "StaffSurveyAnswers");

            migrationBuilder.DropTable(
                name: "StaffSurveyTargets");

            migrationBuilder.DropTable(
                name: "MaturityAssessments");

            migrationBuilder.DropTable(
                name: "RoadmapMeasures");

            migrationBuilder.DropTable(
                name: "StaffSurveys");
        }
    }
}
