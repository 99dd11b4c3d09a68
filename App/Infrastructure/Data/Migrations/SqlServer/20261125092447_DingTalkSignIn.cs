using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DingTalkSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_PhoneNumber",
                table: "AspNetUsers");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedPhoneNumber",
                table: "AspNetUsers",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsumedStates",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsumedStates", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_NormalizedPhoneNumber",
                table: "AspNetUsers",
                column: "NormalizedPhoneNumber");

            migrationBuilder.CreateIndex(
                name: "IX_ConsumedStates_ExpiresAt",
                table: "ConsumedStates",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsumedStates");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_NormalizedPhoneNumber",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NormalizedPhoneNumber",
                table: "AspNetUsers");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_PhoneNumber",
                table: "AspNetUsers",
                column: "PhoneNumber");
        }
    }
}
