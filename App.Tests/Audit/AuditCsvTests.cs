using BlazorAuth.Features.Audit;

namespace BlazorAuth.Tests.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("Mozilla/5.0", "Mozilla/5.0")]
    [InlineData("", "")]
    public void A_cell_is_quoted_and_kept_from_being_a_formula(string value, string expected) => Assert.Equal(expected, AuditCsv.Cell(value));
}
