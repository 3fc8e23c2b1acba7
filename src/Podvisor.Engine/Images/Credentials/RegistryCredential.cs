namespace Podvisor.Engine.Images.Credentials;

/// <summary>
/// One registry login as the kubelet hands it to CRI <c>PullImage</c>'s <c>AuthConfig</c>: the keyring keeps only the
/// user name and password of a Docker config entry (an <c>auth</c> field is decoded into them), as
/// kubernetes/kubernetes <c>pkg/credentialprovider/keyring.go</c> <c>BasicDockerKeyring.Add</c> does.
/// </summary>
/// <param name="IdentityToken">
/// A node <c>config.json</c>'s <c>identitytoken</c>, which podvisor passes on as containerd's own client does; the
/// kubelet's keyring drops it, and secrets never carry one here.
/// </param>
public sealed record RegistryCredential(string Username, string Password, string IdentityToken = "")
{
    /// <summary>Never prints the password or token: credentials end up in test output and logs.</summary>
    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}
