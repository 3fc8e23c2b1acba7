using System.Xml.Linq;
using k8s.Models;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Admission.Decoding;

/// <summary>
/// The Native AOT podvisor keeps KubernetesClient's model types whole for the strict decoding's reflection
/// (src/Podvisor.Cli/ModelTypes.xml): every public model type but <c>V1Status</c>, whose generic <c>ObjectView&lt;T&gt;</c>
/// reaches <c>KubernetesJson</c> and with it the client's JSON metadata for every API group. A KubernetesClient upgrade
/// that adds a model type must add it to the list, or a manifest using it would decode differently once compiled.
/// </summary>
public sealed class ModelTypesDescriptorTests
{
    [Fact]
    public void The_descriptor_lists_every_public_model_type_but_V1Status()
    {
        var descriptor = XDocument.Load(RepositoryCheckout.PathOf("src/Podvisor.Cli/ModelTypes.xml"));
        var listed = descriptor.Descendants("type").Select(t => (string?)t.Attribute("fullname")).ToList();

        var expected = typeof(V1Pod).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "k8s.Models" && !t.IsNested && t != typeof(V1Status))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(expected, listed);
        Assert.Empty(descriptor.Descendants("namespace"));
    }
}
