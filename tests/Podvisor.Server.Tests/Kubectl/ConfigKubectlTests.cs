using System.Text;

namespace Podvisor.Server.Tests.Kubectl;

/// <summary>ConfigMaps and Secrets through the real kubectl: the commands users type, what a cluster prints, and what pods see.</summary>
public sealed class ConfigKubectlTests(ServeFixture fixture) : IClassFixture<ServeFixture>, IDisposable
{
    private readonly string _files = Directory.CreateDirectory(Path.Combine("/var/tmp", "podvisor-config-" + Guid.NewGuid().ToString("N"))).FullName;

    private KubectlRunner Kubectl => fixture.Kubectl;

    public void Dispose() => Directory.Delete(_files, recursive: true);

    [Fact]
    public async Task CreateFromLiterals_GetAndDescribe_LikeACluster()
    {
        Assert.Equal("configmap/literals created\n", await Kubectl.OkAsync("create", "configmap", "literals", "--from-literal=a=b", "--from-literal=c=d"));
        Assert.Equal("secret/creds created\n", await Kubectl.OkAsync("create", "secret", "generic", "creds", "--from-literal=user=admin"));

        var configMaps = Lines(await Kubectl.OkAsync("get", "cm"));
        Assert.Matches(@"^NAME\s+DATA\s+AGE$", configMaps[0]);
        Assert.Matches(@"^literals\s+2\s+\d+s$", configMaps.Single(l => l.StartsWith("literals ", StringComparison.Ordinal)));
        var secrets = Lines(await Kubectl.OkAsync("get", "secrets"));
        Assert.Matches(@"^NAME\s+TYPE\s+DATA\s+AGE$", secrets[0]);
        Assert.Matches(@"^creds\s+Opaque\s+1\s+\d+s$", secrets.Single(l => l.StartsWith("creds ", StringComparison.Ordinal)));
        Assert.Equal("d", await Kubectl.OkAsync("get", "configmap", "literals", "-o", "jsonpath={.data.c}"));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin")), await Kubectl.OkAsync("get", "secret", "creds", "-o", "jsonpath={.data.user}"));
        Assert.Matches(@"user:\s+5 bytes", await Kubectl.OkAsync("describe", "secret", "creds"));

        // stringData is merged into data and never stored.
        await Kubectl.OkAsync("apply", "-f", Write("string-data.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: creds2}\nstringData: {token: abc}\n"));
        Assert.Equal("{\"token\":\"YWJj\"}", await Kubectl.OkAsync("get", "secret", "creds2", "-o", "jsonpath={.data}"));
        Assert.Equal(string.Empty, await Kubectl.OkAsync("get", "secret", "creds2", "-o", "jsonpath={.stringData}"));

        var invalid = await Kubectl.RunAsync("apply", "-f", Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {k: v}\nbinaryData: {k: AQ==}\n"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("The ConfigMap \"bad\" is invalid: data[k]: Invalid value: \"k\": duplicate of key present in binaryData", invalid.Stderr, StringComparison.Ordinal);

        Assert.Equal("configmap \"literals\" deleted\n", await Kubectl.OkAsync("delete", "cm", "literals"));
        Assert.Equal(1, (await Kubectl.RunAsync("get", "cm", "literals")).ExitCode);
        await Kubectl.OkAsync("delete", "secret", "creds", "creds2");
    }

    [Fact]
    public async Task MissingConfigMap_CreateContainerConfigError_ThenStartsOnceItIsCreated()
    {
        await Kubectl.OkAsync("apply", "-f", Write("late.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: late}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox:1.36
                command: [sh, -c, 'echo "greeting=$GREETING"; exec sleep 3600']
                env:
                - name: GREETING
                  valueFrom: {configMapKeyRef: {name: late-settings, key: greeting}}
            """));

        await Kubectl.OkAsync("wait", "--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=CreateContainerConfigError", "pod/late", "--timeout=60s");
        Assert.Equal("configmap \"late-settings\" not found", await Kubectl.OkAsync("get", "pod", "late", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.message}"));
        Assert.Matches(@"Warning\s+Failed\s+\S+\s+kubelet\s+Error: configmap ""late-settings"" not found", await Kubectl.OkAsync("describe", "pod", "late"));
        Assert.Matches(@"late\s+0/1\s+CreateContainerConfigError", await Kubectl.OkAsync("get", "pod", "late"));

        await Kubectl.OkAsync("create", "configmap", "late-settings", "--from-literal=greeting=hello");

        // The kubelet retries a failed sync after its 10 s back-off period.
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/late", "--timeout=60s");
        await WaitForAsync(async () => (await Kubectl.RunAsync("logs", "late")).Stdout == "greeting=hello\n");
        await Kubectl.OkAsync("delete", "pod", "late", "--now");
        await Kubectl.OkAsync("delete", "cm", "late-settings");
    }

    [Fact]
    public async Task MountedConfigMap_RunningContainerSeesTheNewFile_AfterApply()
    {
        const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched}\ndata: {message: VERSION}\n";
        await Kubectl.OkAsync("apply", "-f", Write("watched.yaml", ConfigMap.Replace("VERSION", "first", StringComparison.Ordinal)));
        await Kubectl.OkAsync("apply", "-f", Write("reader.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: reader}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: busybox:1.36
                command:
                - sh
                - -c
                - |
                  last=""
                  while true; do
                    now="$(cat /etc/watched/message)"
                    if [ "$now" != "$last" ]; then echo "message=$now"; last="$now"; fi
                    sleep 0.2
                  done
                volumeMounts:
                - {name: watched, mountPath: /etc/watched}
              volumes:
              - name: watched
                configMap: {name: watched}
            """));
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/reader", "--timeout=60s");
        await WaitForAsync(async () => (await Kubectl.RunAsync("logs", "reader")).Stdout.Contains("message=first\n", StringComparison.Ordinal));

        var layout = await Kubectl.OkAsync("exec", "reader", "--", "ls", "-la", "/etc/watched");
        Assert.Matches(@"\.\.data -> \.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+", layout);
        Assert.Matches(@"message -> \.\.data/message", layout);

        Assert.Equal("configmap/watched configured\n", await Kubectl.OkAsync("apply", "-f", Write("watched.yaml", ConfigMap.Replace("VERSION", "second", StringComparison.Ordinal))));

        await WaitForAsync(async () => (await Kubectl.RunAsync("logs", "reader")).Stdout.EndsWith("message=second\n", StringComparison.Ordinal));
        var write = await Kubectl.RunAsync("exec", "reader", "--", "sh", "-c", "echo x > /etc/watched/other");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stderr, StringComparison.Ordinal);
        await Kubectl.OkAsync("delete", "pod", "reader", "--now");
        await Kubectl.OkAsync("delete", "cm", "watched");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_files, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static List<string> Lines(string text) => KubectlPolling.Lines(text);

    private static Task WaitForAsync(Func<Task<bool>> condition) =>
        KubectlPolling.UntilAsync(condition, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
}
