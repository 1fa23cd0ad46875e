namespace Skinner.Envs;

/// <summary>What <see cref="EnvChecker"/> found: one line per problem, empty when the environment passed.</summary>
public sealed class EnvCheckReport
{
    /// <summary>Creates a report on <paramref name="subject"/>.</summary>
    public EnvCheckReport(string subject, IReadOnlyList<string> problems)
    {
        Subject = subject;
        Problems = problems;
    }

    /// <summary>The environment checked (its id, or its type name).</summary>
    public string Subject { get; }

    /// <summary>Every problem found, each a sentence that names the check and the fix.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>True when no problem was found.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>Throws an <see cref="EnvCheckException"/> listing the problems, if there are any.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new EnvCheckException(this);
    }

    /// <inheritdoc />
    public override string ToString() => Passed
        ? $"{Subject}: passed every check."
        : $"{Subject}: {Problems.Count} problem(s):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", Problems)}";
}

/// <summary>Thrown by <see cref="EnvCheckReport.ThrowIfFailed"/> when an environment breaks the contract.</summary>
public sealed class EnvCheckException : Exception
{
    /// <summary>Creates the exception for a failed report.</summary>
    public EnvCheckException(EnvCheckReport report)
        : base(report?.ToString())
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The report with every problem.</summary>
    public EnvCheckReport Report { get; }
}
