using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Podvisor.Bench.Tools;

/// <summary>
/// Makes a ~5 MB image offline for the pull figure (issue 11 asks for a ~5 MB image; build.sh's busybox is ~1 MB): an
/// image already in the registry plus one layer holding a file of random bytes (random, so gzip cannot shrink it), pushed
/// under a new tag with the registry's HTTP API (monolithic blob uploads, then an OCI manifest).
/// </summary>
internal static class PaddedImage
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Pushes <paramref name="repository"/>:<paramref name="toTag"/>; returns the image's compressed size (layers and config).</summary>
    public static async Task<long> Push(HttpClient registry, string repository, string fromTag, string toTag, int padBytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{fromTag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        using var response = await registry.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var manifest = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();
        var configDigest = (string)manifest["config"]!["digest"]!;
        var config = JsonNode.Parse(await registry.GetStringAsync(new Uri($"v2/{repository}/blobs/{configDigest}", UriKind.Relative)).ConfigureAwait(false))!.AsObject();

        var (layer, diffId) = RandomLayer(padBytes);
        var layerDigest = await PushBlob(registry, repository, layer).ConfigureAwait(false);
        config["rootfs"]!["diff_ids"]!.AsArray().Add(diffId);
        var configBytes = System.Text.Encoding.UTF8.GetBytes(config.ToJsonString());
        var newConfigDigest = await PushBlob(registry, repository, configBytes).ConfigureAwait(false);

        manifest["config"]!["digest"] = newConfigDigest;
        manifest["config"]!["size"] = (long)configBytes.Length;
        var layers = manifest["layers"]!.AsArray();
        layers.Add(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = layerDigest, ["size"] = (long)layer.Length });
        using var put = new HttpRequestMessage(HttpMethod.Put, $"v2/{repository}/manifests/{toTag}")
        {
            Content = new StringContent(manifest.ToJsonString(), new MediaTypeHeaderValue(OciManifest)),
        };
        using var putResponse = await registry.SendAsync(put).ConfigureAwait(false);
        putResponse.EnsureSuccessStatusCode();
        return layers.Sum(l => (long)l!["size"]!) + configBytes.Length;
    }

    /// <summary>A gzip'd tar with <c>pad/random.bin</c>, and its diff_id (the digest of the uncompressed tar).</summary>
    private static (byte[] Gzipped, string DiffId) RandomLayer(int padBytes)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "pad/") { Mode = (UnixFileMode)0x1ED });
            using var data = new MemoryStream(RandomNumberGenerator.GetBytes(padBytes));
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "pad/random.bin") { DataStream = data, Mode = (UnixFileMode)0x1A4 });
        }

        var uncompressed = tar.ToArray();
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(uncompressed);
        }

        return (gz.ToArray(), Digest(uncompressed));
    }

    /// <summary>POST an upload, PUT the bytes with their digest (the monolithic upload of the distribution API).</summary>
    private static async Task<string> PushBlob(HttpClient registry, string repository, byte[] blob)
    {
        var digest = Digest(blob);
        using var start = await registry.PostAsync(new Uri($"v2/{repository}/blobs/uploads/", UriKind.Relative), null).ConfigureAwait(false);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location ?? throw new InvalidOperationException("the registry answered an upload without a Location");
        var target = location.IsAbsoluteUri ? location : new Uri(registry.BaseAddress!, location);
        var separator = target.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await registry.PutAsync(new Uri(target + separator + "digest=" + Uri.EscapeDataString(digest)), content).ConfigureAwait(false);
        put.EnsureSuccessStatusCode();
        return digest;
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Describe(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
}
