namespace Podvisor.Engine.Timeline.Payloads;

/// <summary>
/// The facts of a timeline step, typed: readers (the termination classifier, the report, tests) use these fields,
/// and the live view's words are made from them in one place (<see cref="Describe"/>), so nothing parses text back.
/// </summary>
public abstract record TimelinePayload
{
    /// <summary>The step's detail as the live view prints it.</summary>
    public abstract string Describe();
}
