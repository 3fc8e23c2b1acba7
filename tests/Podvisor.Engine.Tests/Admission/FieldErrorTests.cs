using Podvisor.Engine.Admission;

namespace Podvisor.Engine.Tests.Admission;

public class FieldErrorTests
{
    // FieldError is internal, so the theory rows name a case and the error is looked up here.
    private static readonly Dictionary<string, (FieldError Error, string Reason)> Cases = new()
    {
        ["spec.containers[0].image: Required value"] = (FieldError.Required("spec.containers[0].image"), "FieldValueRequired"),
        ["spec.containers[1].name: Duplicate value: \"app\""] = (FieldError.Duplicate("spec.containers[1].name", "app"), "FieldValueDuplicate"),
        ["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""] = (FieldError.NotSupported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"]), "FieldValueNotSupported"),
        ["x.port: Invalid value: 0: must be between 1 and 65535, inclusive"] = (FieldError.Invalid("x.port", 0, "must be between 1 and 65535, inclusive"), "FieldValueInvalid"),
        ["x: Invalid value: 5: d"] = (FieldError.Invalid("x", 5L, "d"), "FieldValueInvalid"),
        ["x: Invalid value: \"a\\\"b\": d"] = (FieldError.Invalid("x", "a\"b", "d"), "FieldValueInvalid"),
        ["x: Forbidden: may not specify more than 1 handler type"] = (FieldError.Forbidden("x", "may not specify more than 1 handler type"), "FieldValueForbidden"),
        ["x: Too many: 5: must have at most 3 items"] = (FieldError.TooMany("x", 5, 3), "FieldValueTooMany"),
        ["x: Too long: may not be more than 10 bytes"] = (FieldError.TooLong("x", 10), "FieldValueTooLong"),
    };

    public static TheoryData<string> Renderings => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Render_EachType_MatchesApimachinery(string expected)
    {
        var (error, reason) = Cases[expected];
        Assert.Equal(expected, error.Render());
        Assert.Equal(reason, error.Reason);
        Assert.Equal(expected[(error.Field.Length + 2)..], error.Message);
    }

    [Fact]
    public void InvalidObjectMessage_OneError_NoBrackets()
    {
        var errors = new[] { FieldError.Required("spec.containers[0].image") };

        Assert.Equal("The Pod \"web\" is invalid: spec.containers[0].image: Required value", InvalidObjectMessage.ForKubectl("Pod", "web", errors));
        Assert.Equal("Pod \"web\" is invalid: spec.containers[0].image: Required value", InvalidObjectMessage.ForApi("Pod", "web", errors));
    }

    [Fact]
    public void InvalidObjectMessage_SeveralErrors_BracketedAndCommaJoined()
    {
        var errors = new[] { FieldError.Required("a"), FieldError.Duplicate("b", "x") };

        Assert.Equal("Pod \"web\" is invalid: [a: Required value, b: Duplicate value: \"x\"]", InvalidObjectMessage.ForApi("Pod", "web", errors));
    }
}
