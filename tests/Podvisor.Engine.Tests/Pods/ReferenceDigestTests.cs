using System.Security.Cryptography;
using System.Text;
using Podvisor.Engine.Pods;

namespace Podvisor.Engine.Tests.Pods;

/// <summary><see cref="ReferenceDigest"/> replaces <c>SHA256.HashData</c> for image IDs: it must give the same bytes.</summary>
public class ReferenceDigestTests
{
    [Theory]
    [InlineData(0)] // the empty message: one block of padding
    [InlineData(3)]
    [InlineData(55)] // the longest message whose padding fits its block
    [InlineData(56)] // the shortest that needs a second block
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Sha256_AnyLength_EqualsSha256HashData(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(SHA256.HashData(data), ReferenceDigest.Sha256(data));
    }

    [Theory]
    [InlineData("docker.io/library/busybox:latest")]
    [InlineData("k8spatterns/random-generator:1.0")]
    [InlineData("registry.example/ünïcode@sha256:0123")]
    public void Sha256Hex_ImageReference_EqualsLowercaseHexOfSha256HashData(string reference)
    {
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference))), ReferenceDigest.Sha256Hex(reference));
    }
}
