namespace Podvisor.Engine.Admission.Decoding;

/// <summary>What <see cref="ModelSchemaCheck"/> found, in document order.</summary>
/// <param name="UnknownFields">Full paths of fields the model type does not have (apimachinery's strict decoding names them so).</param>
/// <param name="TypeErrors">Messages for values whose JSON type does not fit their field.</param>
public sealed record ModelSchemaFindings(IReadOnlyList<string> UnknownFields, IReadOnlyList<string> TypeErrors);
