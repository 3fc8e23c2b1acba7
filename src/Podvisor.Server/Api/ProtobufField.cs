namespace Podvisor.Server.Api;

/// <summary>One field of a protobuf message.</summary>
internal readonly record struct ProtobufField(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes);
