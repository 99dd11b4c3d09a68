using BlazorAuth.Features.Users;

namespace BlazorAuth.Tests.Unit;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("13800000001", null, "+8613800000001")]
    [InlineData("13800000001", "86", "+8613800000001")]
    [InlineData("13800000001", "+86", "+8613800000001")]
    [InlineData("+86 138-0000-0001", null, "+8613800000001")]
    [InlineData("+86 (138) 0000.0001", null, "+8613800000001")]
    [InlineData("008613800000001", null, "+8613800000001")]
    [InlineData(" 138 0000 0001 ", "86", "+8613800000001")]
    [InlineData("138\u00a00000\u00a00001", null, "+8613800000001")]
    [InlineData("612345678", "31", "+31612345678")]
    [InlineData("0612345678", "31", "+31612345678")]
    [InlineData("+31 6 1234 5678", "86", "+31612345678")]
    public void Numbers_written_differently_normalise_to_one_form(string number, string? stateCode, string expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalize(number, stateCode));

    [Fact]
    public void The_same_digits_in_different_countries_differ() =>
        Assert.NotEqual(PhoneNumbers.Normalize("612345678", "31"), PhoneNumbers.Normalize("612345678", "86"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-- --")]
    [InlineData("138-0000-000x")]
    [InlineData("tel:13800000001")]
    public void Something_that_is_not_a_phone_number_normalises_to_nothing(string? number) =>
        Assert.Null(PhoneNumbers.Normalize(number));
}
