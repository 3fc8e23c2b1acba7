namespace Podvisor.Runtime.Processes.Isolation;

/// <summary>What the host allows; injectable so the choice of <see cref="IsolationMode"/> is testable without changing the host.</summary>
internal interface IIsolationProbe
{
    bool IsRoot { get; }

    /// <summary>The absolute path of <paramref name="name"/> on the setup PATH, or null when missing.</summary>
    string? FindTool(string name);

    /// <summary>Tries the mode for real: can a namespace of this kind be created and a bind mount made in it?</summary>
    bool CanIsolate(IsolationMode mode, IsolationTools tools);
}
