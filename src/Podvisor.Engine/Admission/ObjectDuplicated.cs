namespace Podvisor.Engine.Admission;

/// <summary>A second object with a name already taken in the same batch (what a second create gets: AlreadyExists).</summary>
/// <param name="Resource">The resource (<c>pods</c>, <c>configmaps</c>), as apimachinery's message names it.</param>
/// <param name="FirstOrigin">Where the first object of that name was.</param>
internal sealed record ObjectDuplicated(string Origin, string Resource, string Namespace, string Name, string FirstOrigin) : AdmissionError(Origin);
