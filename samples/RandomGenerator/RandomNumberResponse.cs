using System.Text.Json.Serialization;

namespace RandomGenerator;

/// <summary><c>{"random": &lt;int&gt;, "id": "&lt;uuid&gt;"}</c>.</summary>
internal sealed record RandomNumberResponse(
    [property: JsonPropertyName("random")] int Random,
    [property: JsonPropertyName("id")] string Id);
