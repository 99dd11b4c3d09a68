using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExternalBindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Extras",
                table: "UserBindings",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            // DingTalk's openId becomes the first of a binding's provider extras; every row is kept.
            migrationBuilder.Sql("""
                UPDATE "UserBindings" SET "Extras" = json_object('openId', "OpenId") WHERE "OpenId" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "OpenId",
                table: "UserBindings");

            migrationBuilder.RenameColumn(
                name: "UnionId",
                table: "UserBindings",
                newName: "ProviderKey");

            migrationBuilder.RenameIndex(
                name: "IX_UserBindings_AuthenticatorId_UnionId",
                table: "UserBindings",
                newName: "IX_UserBindings_AuthenticatorId_ProviderKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OpenId",
                table: "UserBindings",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "UserBindings" SET "OpenId" = json_extract("Extras", '$.openId') WHERE "Extras" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "Extras",
                table: "UserBindings");

            migrationBuilder.RenameColumn(
                name: "ProviderKey",
                table: "UserBindings",
                newName: "UnionId");

            migrationBuilder.RenameIndex(
                name: "IX_UserBindings_AuthenticatorId_ProviderKey",
                table: "UserBindings",
                newName: "IX_UserBindings_AuthenticatorId_UnionId");
        }
    }
}
