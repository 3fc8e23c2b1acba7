using System.Text;

namespace Podvisor.Engine.Tests.Admission;

public class ConfigObjectAdmissionTests
{
    [Fact]
    public void Admit_ConfigMapAndSecretBesideAPod_AnyOrderAndInAList()
    {
        var yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: czNjcjN0}\nstringData: {user: admin}\n---\n"
            + AdmissionFixture.Pod()
            + "\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: team}, data: {a: b}}\n";

        var result = AdmissionFixture.Admit(yaml);

        Assert.Empty(result.Errors);
        Assert.Single(result.Pods);
        var configMap = Assert.Single(result.ConfigMaps);
        Assert.Equal(("team", "b"), (configMap.Metadata.NamespaceProperty, configMap.Data["a"]));
        var secret = Assert.Single(result.Secrets);
        Assert.Equal("default", secret.Metadata.NamespaceProperty);
        Assert.Null(secret.StringData);
        Assert.Equal(["password=s3cr3t", "user=admin"], secret.Data.Select(p => $"{p.Key}={Encoding.UTF8.GetString(p.Value)}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Admit_InvalidConfigMap_ApiserverMessageAndNoPodsRun()
    {
        var yaml = AdmissionFixture.Pod() + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: '1'}\nbinaryData: {a: AQ==}\n";

        var result = AdmissionFixture.Admit(yaml);

        Assert.Equal(["The ConfigMap \"settings\" is invalid: data[a]: Invalid value: \"a\": duplicate of key present in binaryData"], result.Errors);
        Assert.Empty(result.Pods);
    }

    [Fact]
    public void Admit_SameConfigMapTwice_AlreadyExists()
    {
        const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n";

        var result = AdmissionFixture.Admit(ConfigMap + "---\n" + ConfigMap + "---\n" + AdmissionFixture.Pod());

        Assert.Equal(["pod.yaml: document 2: configmaps \"settings\" already exists in namespace \"default\" (first defined in pod.yaml: document 1)"], result.Errors);
    }

    [Fact]
    public void Admit_UnknownFieldInConfigMap_StrictDecodingError()
    {
        var result = AdmissionFixture.Admit("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndat: {a: b}\n---\n" + AdmissionFixture.Pod());

        Assert.Equal(["pod.yaml: document 1: strict decoding error: unknown field \"dat\""], result.Errors);
    }

    [Fact]
    public void Admit_SecretDataNotBase64_ErrorNamesTheDocument()
    {
        var result = AdmissionFixture.Admit("apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: 'not base64!'}\n---\n" + AdmissionFixture.Pod());

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("pod.yaml: document 1: ", error, StringComparison.Ordinal);
        Assert.Empty(result.Pods);
    }
}
