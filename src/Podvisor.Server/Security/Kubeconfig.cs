using System.Text;

namespace Podvisor.Server.Security;

/// <summary>Writes the kubeconfig kubectl uses: one cluster (the CA inline), one token user, context <c>podvisor</c>.</summary>
internal static class Kubeconfig
{
    public const string ContextName = "podvisor";

    public static string Render(string serverUrl, string caPem, string token)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: podvisor
              cluster:
                server: {serverUrl}
                certificate-authority-data: {ca}
            users:
            - name: podvisor
              user:
                token: {token}
            contexts:
            - name: {ContextName}
              context:
                cluster: podvisor
                user: podvisor
                namespace: default
            current-context: {ContextName}

            """;
    }

    public static void Write(string path, string content)
    {
        // The token is a credential: owner-only, like ~/.kube/config.
        PrivateFile.Write(path, content);
    }
}
