using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tsunagu.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AddUsageCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsageDailyCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Feature = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Source = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageDailyCounts", x => new { x.Day, x.AccountId, x.Feature, x.Source });
                });

            migrationBuilder.CreateTable(
                name: "UsageMonthlyCounts",
                columns: table => new
                {
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    AccountId = table.Column<int>(type: "integer", nullable: false),
                    Feature = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Source = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageMonthlyCounts", x => new { x.Month, x.AccountId, x.Feature, x.Source });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageDailyCounts");

            migrationBuilder.DropTable(
                name: "UsageMonthlyCounts");
        }
    }
}
