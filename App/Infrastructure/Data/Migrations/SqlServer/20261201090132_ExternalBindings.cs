using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorAuth.Infrastructure.Data.Migrations.SqlServer
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
                type: "nvarchar(2048)",
                maxLength: 2048,
                nullable: true);

            // DingTalk's openId becomes the first of a binding's provider extras; every row is kept. EXEC, because the
            // idempotent script runs this in the batch that adds the column, and SQL Server compiles a batch before running it.
            migrationBuilder.Sql("""
                EXEC(N'UPDATE [UserBindings] SET [Extras] = N''{"openId":"'' + STRING_ESCAPE([OpenId], ''json'') + N''"}''
                WHERE [OpenId] IS NOT NULL');
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
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.Sql("""
                EXEC(N'UPDATE [UserBindings] SET [OpenId] = JSON_VALUE([Extras], ''$.openId'') WHERE [Extras] IS NOT NULL');
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
