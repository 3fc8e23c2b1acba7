using k8s;
using k8s.Models;
using Podvisor.Engine.Serialization;
using Podvisor.Testing;

namespace Podvisor.Engine.Tests.Serialization;

/// <summary>
/// The engine's own JSON metadata (<see cref="ModelSerializer"/>) must write and read exactly what KubernetesClient's
/// <c>KubernetesJson</c> does: every object of every example manifest, and objects with the fields that have
/// converters (times, quantities, int-or-string, byte arrays).
/// </summary>
public sealed class ModelSerializerTests
{
    public static TheoryData<string> ExampleDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryCheckout.PathOf("examples"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // Invalid examples, podvisor's own files (images.yaml) and kinds outside the metadata (Jobs) are not compared.
            if (!file.Contains($"{Path.DirectorySeparatorChar}invalid{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && LoadOrEmpty(file).Any(IsCovered))
            {
                data.Add(Path.GetRelativePath(RepositoryCheckout.PathOf("examples"), file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleDocuments))]
    public void Every_example_object_is_written_and_read_as_KubernetesJson_does(string relative)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(RepositoryCheckout.PathOf("examples"), relative)));
        var compared = 0;
        foreach (var model in objects)
        {
            if (model is null || !IsCovered(model))
            {
                continue;
            }

            var expected = KubernetesJson.Serialize(model);
            Assert.Equal(expected, ModelSerializer.Serialize(model));
            Assert.Equal(expected, KubernetesJson.Serialize(RoundTrip(model, expected)));
            compared++;
        }

        Assert.True(compared > 0, $"{relative}: no object of a covered kind");
    }

    private static List<object> LoadOrEmpty(string file)
    {
        try
        {
            return [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(file)).Where(o => o is not null)];
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            return [];
        }
    }

    [Fact]
    public void Fields_with_converters_are_written_and_read_alike()
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = "converters",
                CreationTimestamp = new DateTime(2026, 12, 6, 5, 0, 0, DateTimeKind.Utc),
                DeletionTimestamp = new DateTime(2026, 12, 6, 5, 0, 1, 250, DateTimeKind.Utc).AddTicks(4),
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "app",
                        Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi"), ["cpu"] = new("250m") } },
                        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/" }, PeriodSeconds = 3 },
                        ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 8080 } },
                    },
                ],
            },
            Status = new V1PodStatus
            {
                Phase = "Running",
                StartTime = new DateTime(2026, 12, 6, 5, 0, 0, 123, DateTimeKind.Utc),
                ContainerStatuses = [new V1ContainerStatus { Name = "app", Ready = true, RestartCount = 2, Image = "busybox", ImageID = string.Empty }],
            },
        };
        var secret = new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = "s" }, Data = new Dictionary<string, byte[]> { ["k"] = [0, 1, 2, 255] } };
        foreach (object model in new object[] { pod, secret, new List<V1ContainerStatus>(pod.Status.ContainerStatuses) })
        {
            var expected = KubernetesJson.Serialize(model);
            Assert.Equal(expected, ModelSerializer.Serialize(model));
            Assert.Equal(expected, KubernetesJson.Serialize(RoundTrip(model, expected)));
        }
    }

    [Fact]
    public void Object_typed_fields_read_from_JSON_are_written_back_alike()
    {
        const string Json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"ssa","managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1",
            "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{}}}}},
            "manager":"kubectl","operation":"Apply","time":"2026-12-06T06:00:00Z"}]}}
            """;

        var read = ModelSerializer.Deserialize<V1Pod>(Json);

        Assert.Equal(KubernetesJson.Serialize(KubernetesJson.Deserialize<V1Pod>(Json)), ModelSerializer.Serialize(read));
        Assert.Contains("\"f:app\":{}", ModelSerializer.Serialize(read), StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_outside_the_metadata_is_refused_by_name()
    {
        var error = Assert.Throws<NotSupportedException>(() => ModelSerializer.Serialize(new V1CustomResourceDefinition()));

        Assert.Contains("k8s.Models.V1CustomResourceDefinition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_written_as_JSON_null()
    {
        Assert.Equal("null", ModelSerializer.Serialize(null));
        Assert.Equal(KubernetesJson.Serialize(new V1LabelSelector()), ModelSerializer.Serialize(new V1LabelSelector()));
    }

    private static bool IsCovered(object model) => model is V1Pod or V1Deployment or V1ReplicaSet or V1Service or V1ConfigMap or V1Secret;

    /// <summary>Read back by <see cref="ModelSerializer"/> as the object's own type.</summary>
    private static object RoundTrip(object model, string json) => model switch
    {
        V1Pod => ModelSerializer.Deserialize<V1Pod>(json),
        V1Deployment => ModelSerializer.Deserialize<V1Deployment>(json),
        V1ReplicaSet => ModelSerializer.Deserialize<V1ReplicaSet>(json),
        V1Service => ModelSerializer.Deserialize<V1Service>(json),
        V1ConfigMap => ModelSerializer.Deserialize<V1ConfigMap>(json),
        V1Secret => ModelSerializer.Deserialize<V1Secret>(json),
        List<V1ContainerStatus> => ModelSerializer.Deserialize<List<V1ContainerStatus>>(json),
        _ => throw new ArgumentException(model.GetType().FullName),
    };
}
