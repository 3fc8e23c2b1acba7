using Podvisor.Engine.Admission;
using Podvisor.Engine.Admission.Decoding;

namespace Podvisor.Engine.Tests.Admission;

/// <summary>
/// The admission pipeline's typed errors, a row per case: manifest text in, the errors every face renders out. The
/// command line's and the apiserver's texts are asserted where each face renders them (ManifestDecodingTests,
/// the server's PodServiceTests); here the data they are rendered from.
/// </summary>
public class AdmissionPipelineTests
{
    private const string Header = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n";

    /// <summary>Description, manifest, expected errors (an <c>AdmissionError[]</c>: the types are internal, the test is public).</summary>
    public static TheoryData<string, string, object> Rows => new()
    {
        {
            "unknown field: strict decoding, the full path as data",
            Header + "    image: nginx\n    imag: nginx\n",
            new AdmissionError[] { new ManifestNotDecoded(new DecodeError(DecodeErrorKind.UnknownFields, "pod.yaml", null, "strict decoding error: unknown field \"spec.containers[0].imag\"")
                { UnknownFields = ["spec.containers[0].imag"] }) }
        },
        {
            "wrong scalar type: the line and column of the value",
            Header + "    image: nginx\n    ports:\n    - containerPort: \"80\"\n",
            new AdmissionError[] { new ManifestNotDecoded(new DecodeError(DecodeErrorKind.WrongType, "pod.yaml", null, "spec.containers[0].ports[0].containerPort: expected integer, got string \"80\"")
                { Position = new SourcePosition(9, 22), Field = "spec.containers[0].ports[0].containerPort" }) }
        },
        {
            "no kind: kubectl's client-side validation",
            "apiVersion: v1\nmetadata: {name: web}\n",
            new AdmissionError[] { new ManifestNotDecoded(new DecodeError(DecodeErrorKind.NotAnObject, "pod.yaml", null, "error validating data: [kind not set]")) }
        },
        {
            "a kind run does not take, in the second document",
            Header + "    image: nginx\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
            new AdmissionError[] { new ManifestNotDecoded(new DecodeError(DecodeErrorKind.UnsupportedKind, "pod.yaml", 2, "kind \"Deployment\" is not supported (only Pod, ConfigMap, Secret and List of them)")
                { ObjectKind = "Deployment" }) }
        },
        {
            "a kind run does not take, as a List's second item: the item's index as data",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: web}\n  spec:\n    containers:\n    - name: app\n      image: nginx\n- apiVersion: v1\n  kind: Service\n  metadata: {name: web}\n",
            new AdmissionError[] { new ManifestNotDecoded(new DecodeError(DecodeErrorKind.UnsupportedKind, "pod.yaml", null, "items[1]: kind \"Service\" is not supported (only Pod, ConfigMap, Secret and List of them)")
                { Item = 1, ObjectKind = "Service" }) }
        },
        {
            "missing image: the apiserver's field error",
            Header,
            new AdmissionError[] { new ObjectInvalid("pod.yaml", "Pod", "web", [FieldError.Required("spec.containers[0].image")]) }
        },
        {
            "the same pod twice: AlreadyExists naming both documents",
            Header + "    image: nginx\n---\n" + Header + "    image: nginx\n",
            new AdmissionError[] { new ObjectDuplicated("pod.yaml: document 2", "pods", "default", "web", "pod.yaml: document 1") }
        },
        {
            "an invalid ConfigMap beside a valid pod",
            Header + "    image: nginx\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"Bad_Name\"}\n",
            new AdmissionError[] { new ObjectInvalid("pod.yaml: document 2", "ConfigMap", "Bad_Name", [FieldError.Invalid("metadata.name", "Bad_Name",
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]) }
        },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Admit_Manifest_TypedErrors(string description, string yaml, object expected)
    {
        var result = AdmissionFixture.AdmitTyped(yaml);

        Assert.False(result.IsValid, description);
        Assert.Empty(result.Pods);
        Assert.Equivalent(expected, result.Errors, strict: true);
    }

    [Fact]
    public void Admit_YamlSyntaxError_PositionAsDataAndNoMarkInTheMessage()
    {
        var result = AdmissionFixture.AdmitTyped("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [web\n");

        var error = Assert.IsType<ManifestNotDecoded>(Assert.Single(result.Errors)).Error;
        Assert.Equal(DecodeErrorKind.Syntax, error.Kind);
        Assert.NotNull(error.Position);
        Assert.DoesNotContain("Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_OnePod_DefaultsInPlaceAndSeparatesRefusalsFromUnhonouredFields()
    {
        var pod = k8s.KubernetesYaml.Deserialize<k8s.Models.V1Pod>(Header + "    image: nginx\n    resources: {limits: {cpu: \"1\", ephemeral-storage: 1Gi}}\n");

        var review = new PodAdmission(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AdmissionFixture.Now)).Review(pod);

        Assert.Empty(review.Invalid);
        var unhonoured = Assert.Single(review.Unhonoured);
        Assert.Equal("spec.containers[0].resources.limits", unhonoured.Field);
        Assert.Empty(review.Refusals(strict: false));
        Assert.Equal([unhonoured], review.Refusals(strict: true));
        Assert.Equal("default", pod.Metadata.NamespaceProperty);
    }
}
