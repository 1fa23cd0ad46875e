namespace Skinner.Agents.Common;

/// <summary>Validation shared by the options records: an impossible value is an error that names its key.</summary>
public static class HyperparameterChecks
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="key"/> unless <paramref name="ok"/>.</summary>
    public static void Require(bool ok, string key, string problem)
    {
        if (!ok) throw new ArgumentException($"Hyperparameter '{key}' {problem}.");
    }

    /// <summary>gSDE's redraw period, shared by A2C, PPO and A3C: -1 (once per rollout) or a positive step count.</summary>
    public static void SdeSampleFreq(int sdeSampleFreq) =>
        Require(sdeSampleFreq == -1 || sdeSampleFreq > 0, "sde_sample_freq", "must be -1 (once per rollout) or positive");

    /// <summary>The checks every replay-based agent shares.</summary>
    public static void Replay(int bufferSize, int batchSize, int learningStarts, int trainFreq, int gradientSteps, double tau, double gamma)
    {
        Require(bufferSize > 0, "buffer_size", "must be positive");
        Require(batchSize > 0, "batch_size", "must be positive");
        Require(batchSize <= bufferSize, "batch_size", $"({batchSize}) cannot exceed buffer_size ({bufferSize})");
        Require(learningStarts >= 0, "learning_starts", "must be zero or more");
        Require(trainFreq > 0, "train_freq", "must be positive");
        Require(gradientSteps > 0, "gradient_steps", "must be positive");
        Require(tau is > 0 and <= 1, "tau", "must lie in (0, 1]");
        Require(gamma is >= 0 and <= 1, "gamma", "must lie in [0, 1]");
    }
}
