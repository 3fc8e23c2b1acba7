namespace Podvisor.Engine.Images.Credentials;

/// <summary>The two layouts of Docker registry credentials a Secret or a node file can hold.</summary>
public enum DockerConfigFormat
{
    /// <summary><c>{"auths": {"host": {…}}}</c>: <c>config.json</c> and a <c>.dockerconfigjson</c> key.</summary>
    ConfigJson,

    /// <summary><c>{"host": {…}}</c>: the legacy <c>~/.dockercfg</c> and a <c>.dockercfg</c> key.</summary>
    Dockercfg,
}
