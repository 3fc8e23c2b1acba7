using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Podvisor.Runtime.Cri.Containerd;

/// <summary>
/// Writes a one-layer OCI image as an image-layout tar archive (what <c>ctr images import</c> reads): the
/// layer (tar+gzip), its config and manifest as blobs, and <c>index.json</c> naming the image through
/// containerd's <c>io.containerd.image.name</c> annotation. Entries carry a fixed time, so the same files give
/// the same image id on every machine and run.
/// </summary>
internal static class OciImageArchive
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Compact UTF-8 JSON, as the serializer writes a node (the node writes itself: no reflection, AOT-safe).</summary>
    private static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <param name="files">Image path (relative, e.g. <c>bin/busybox</c>) to the host file copied there (mode 0755).</param>
    public static void Write(Stream output, string name, IReadOnlyList<KeyValuePair<string, string>> files, IReadOnlyList<string> entrypoint)
    {
        var layerTar = BuildLayer(files);
        var diffId = Digest(layerTar);
        var layer = Gzip(layerTar);
        var config = Utf8(new JsonObject
        {
            ["architecture"] = Architecture(),
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Entrypoint"] = new JsonArray([.. entrypoint.Select(part => (JsonNode)part)]) },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        });
        var manifest = Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer)),
        });
        var manifestDescriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        manifestDescriptor["annotations"] = new JsonObject { ["io.containerd.image.name"] = name };
        var index = Utf8(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(manifestDescriptor) });

        using var archive = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        Add(archive, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
        Add(archive, "index.json", index);
        foreach (var blob in new[] { layer, config, manifest })
        {
            Add(archive, "blobs/sha256/" + Digest(blob)["sha256:".Length..], blob);
        }
    }

    private static byte[] BuildLayer(IReadOnlyList<KeyValuePair<string, string>> files)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, hostFile) in files)
            {
                var parent = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(parent) && directories.Add(parent))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, parent + "/")
                    {
                        Mode = (UnixFileMode)0b111_101_101,
                        ModificationTime = FixedTime,
                    });
                }

                using var content = File.OpenRead(hostFile);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = (UnixFileMode)0b111_101_101,
                    ModificationTime = FixedTime,
                    DataStream = content,
                });
            }
        }

        return buffer.ToArray();
    }

    private static void Add(TarWriter archive, string name, byte[] content)
    {
        using var data = new MemoryStream(content);
        archive.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = FixedTime,
            DataStream = data,
        });
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static JsonObject Descriptor(string mediaType, byte[] blob) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = Digest(blob),
        ["size"] = blob.LongLength,
    };

    private static string Digest(byte[] blob) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        _ => "amd64",
    };
}
