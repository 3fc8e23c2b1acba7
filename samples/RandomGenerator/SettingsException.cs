namespace RandomGenerator;

/// <summary>A malformed setting: reported as one line, and the process exits 1.</summary>
internal sealed class SettingsException(string message) : Exception(message);
