namespace Skinner.Reporting.Logging;

/// <summary>The fixed metric names every algorithm uses, so that runs compare (the names CleanRL uses).</summary>
public static class MetricNames
{
    /// <summary>Undiscounted return of a finished training episode.</summary>
    public const string EpisodicReturn = "charts/episodic_return";

    /// <summary>Length in steps of a finished training episode.</summary>
    public const string EpisodicLength = "charts/episodic_length";

    /// <summary>Environment steps per second since the start of training.</summary>
    public const string StepsPerSecond = "charts/sps";

    /// <summary>Learning rate in effect.</summary>
    public const string LearningRate = "charts/learning_rate";

    /// <summary>Exploration rate of epsilon-greedy agents.</summary>
    public const string Epsilon = "charts/epsilon";

    /// <summary>Temporal-difference loss of value-based agents and critics.</summary>
    public const string TdLoss = "losses/td_loss";

    /// <summary>Mean Q-value of the sampled batch.</summary>
    public const string QValues = "losses/q_values";

    /// <summary>Actor (policy) loss.</summary>
    public const string ActorLoss = "losses/actor_loss";

    /// <summary>Critic (value function) loss.</summary>
    public const string ValueLoss = "losses/value_loss";

    /// <summary>Policy-gradient loss.</summary>
    public const string PolicyLoss = "losses/policy_loss";

    /// <summary>Mean policy entropy.</summary>
    public const string Entropy = "losses/entropy";

    /// <summary>Approximate Kullback-Leibler divergence between the old and new policy (PPO).</summary>
    public const string ApproxKl = "losses/approx_kl";

    /// <summary>Fraction of samples whose ratio was clipped (PPO).</summary>
    public const string ClipFraction = "losses/clipfrac";

    /// <summary>Entropy temperature (SAC).</summary>
    public const string Alpha = "losses/alpha";

    /// <summary>Mean return of an evaluation round.</summary>
    public const string EvalMeanReturn = "eval/mean_return";
}
