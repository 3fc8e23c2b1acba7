using System.Xml.Linq;
using k8s.Models;
using Podvisor.Engine.Admission.Decoding;
using Podvisor.Server.Api;
using Podvisor.Testing;

namespace Podvisor.Server.Tests.Api;

/// <summary>
/// The Native AOT podvisor keeps whole the model types its reflection walks (src/Podvisor.Cli/ModelTypes.xml): every
/// model class reachable from the kinds the strict decoding reads (<c>ModelYaml.Roots</c>) and the kinds the OpenAPI
/// schemas describe (<c>OpenApiSchemas.Roots</c>), and nothing else. A root added on either side, or a KubernetesClient
/// upgrade that adds a property's type, must change the list, or that type would lose its properties once compiled.
/// Not the whole model namespace: <c>V1Status.ObjectView&lt;T&gt;</c> reaches <c>KubernetesJson</c> and with it the client's
/// JSON metadata for every API group, and ≈ 870 types cost start-up and memory for the ≈ 250 podvisor reflects over.
/// </summary>
public sealed class ModelTypesDescriptorTests
{
    [Fact]
    public void The_descriptor_lists_exactly_the_model_types_the_decoding_and_the_schemas_reach()
    {
        var descriptor = XDocument.Load(RepositoryCheckout.PathOf("src/Podvisor.Cli/ModelTypes.xml"));
        var listed = descriptor.Descendants("type").Select(t => (string?)t.Attribute("fullname")).ToList();

        var expected = ModelTypeClosure.Of(ModelYaml.Roots.Concat(OpenApiSchemas.Roots))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, listed);
        Assert.Empty(descriptor.Descendants("namespace"));
        Assert.DoesNotContain(typeof(V1Status).FullName, listed);
    }
}
