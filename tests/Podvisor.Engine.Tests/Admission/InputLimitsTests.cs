using System.Text;

namespace Podvisor.Engine.Tests.Admission;

public sealed class InputLimitsTests
{
    [Fact]
    public void Admit_JsonNested100000Levels_DepthErrorNotStackOverflow()
    {
        // The issue's ~200 KB body: {"x": [[[[…]]]]} with 100,000 levels.
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"x\": " + new string('[', 100_000) + new string(']', 100_000) + "}";

        var result = AdmissionFixture.Admit(body, file: "deep.json");

        var error = Assert.Single(result.Errors);
        Assert.Matches(@"^deep\.json:\d+:\d+: yaml: exceeded max depth of 10000$", error);
        Assert.Empty(result.Pods);
    }

    [Fact]
    public void Admit_YamlBlockNesting_DepthErrorNotStackOverflow()
    {
        // Compact block sequences: "- - - x" nests one level per "- " on a single line.
        var yaml = "apiVersion: v1\nkind: Pod\nx:\n" + string.Concat(Enumerable.Repeat("- ", 10_001)) + "x\n";

        var result = AdmissionFixture.Admit(yaml);

        Assert.Contains(result.Errors, e => e.EndsWith("yaml: exceeded max depth of 10000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admit_DeepButWithinLimitInFreeFormField_DecodesOnThreadPoolWithoutCrash()
    {
        // managedFields[].fieldsV1 is free-form: the schema walk does not descend, the model deserializer does.
        const int Depth = 9_990;
        var nested = new StringBuilder();
        for (var i = 0; i < Depth; i++)
        {
            nested.Append("{\"f\":");
        }

        nested.Append("{}").Append('}', Depth);
        var body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"managedFields\":[{\"fieldsV1\":" + nested + "}]},"
            + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]}}";

        // The server decodes on thread-pool threads, whose stacks are smaller than the main thread's.
        var result = await Task.Run(() => AdmissionFixture.Admit(body, file: "deep.json"));

        Assert.True(result.Errors.Count > 0 || result.Pods.Count == 1);
    }

    [Fact]
    public void Admit_BillionLaughs_ExcessiveAliasingRefused()
    {
        var yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            yaml.Append($"    a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var result = AdmissionFixture.Admit(yaml.ToString());

        var error = Assert.Single(result.Errors);
        Assert.EndsWith("yaml: document contains excessive aliasing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_FewAliases_Accepted()
    {
        var yaml = AdmissionFixture.Pod("env:\n- &e {name: A, value: x}\n", "nodeSelector: {a: b}");

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Errors);
    }
}
