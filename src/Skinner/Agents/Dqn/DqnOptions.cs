using Skinner.Agents.Common;

namespace Skinner.Agents.Dqn;

/// <summary>How epsilon falls during training.</summary>
public enum ExplorationSchedule
{
    /// <summary>Linear from the initial to the final epsilon over <c>exploration_fraction</c> of the run (SB3, CleanRL).</summary>
    Linear,

    /// <summary><c>final + (initial - final) · exp(-step / exploration_decay)</c> (the PyTorch DQN tutorial).</summary>
    Exponential,

    /// <summary>Multiplied by <c>exploration_decay</c> after every step, down to the final epsilon.</summary>
    MultiplicativePerStep,

    /// <summary>Multiplied by <c>exploration_decay</c> after every episode, down to the final epsilon.</summary>
    MultiplicativePerEpisode,
}

/// <summary>What the target-network interval counts.</summary>
public enum TargetUpdateUnit
{
    /// <summary>Environment steps (SB3's <c>target_update_interval</c>).</summary>
    EnvSteps,

    /// <summary>Gradient steps (learn calls).</summary>
    GradientSteps,

    /// <summary>Finished episodes (the PyTorch DQN tutorial copies every 10 episodes).</summary>
    Episodes,
}

/// <summary>The regression loss between Q(s, a) and its target.</summary>
public enum TdLoss
{
    /// <summary>Squared error.</summary>
    Mse,

    /// <summary>Huber loss with <c>huber_delta</c> (smooth-L1 when delta is 1), as SB3 and the tutorial.</summary>
    Huber,
}

/// <summary>The optimiser of the Q-network.</summary>
public enum OptimizerKind
{
    /// <summary>Adam.</summary>
    Adam,

    /// <summary>RMSprop.</summary>
    RmsProp,

    /// <summary>Plain SGD.</summary>
    Sgd,
}

/// <summary>
/// Hyperparameters of DQN and its extensions. Defaults are Stable-Baselines3's DQN defaults; the keys are
/// the same as rl-baselines3-zoo's (snake_case of the property names).
/// </summary>
public sealed record DqnOptions
{
    /// <summary>Step size of the optimiser.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Capacity of the replay buffer, in transitions.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Environment steps of pure exploration before learning starts.</summary>
    public int LearningStarts { get; init; } = 100;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Target update coefficient: 1 copies the online network (hard update), less is Polyak averaging.</summary>
    public double Tau { get; init; } = 1.0;

    /// <summary>Discount factor.</summary>
    public double Gamma { get; init; } = 0.99;

    /// <summary>Environment steps between training phases.</summary>
    public int TrainFreq { get; init; } = 4;

    /// <summary>Gradient steps per training phase.</summary>
    public int GradientSteps { get; init; } = 1;

    /// <summary>Interval between target-network updates, in <c>target_update_unit</c>.</summary>
    public int TargetUpdateInterval { get; init; } = 10_000;

    /// <summary>What the target update interval counts: env_steps, gradient_steps or episodes.</summary>
    public TargetUpdateUnit TargetUpdateUnit { get; init; } = TargetUpdateUnit.EnvSteps;

    /// <summary>Shape of the epsilon schedule: linear, exponential, multiplicative_per_step or multiplicative_per_episode.</summary>
    public ExplorationSchedule ExplorationSchedule { get; init; } = ExplorationSchedule.Linear;

    /// <summary>Fraction of the run over which a linear schedule anneals epsilon.</summary>
    public double ExplorationFraction { get; init; } = 0.1;

    /// <summary>Epsilon at the start.</summary>
    public double ExplorationInitialEps { get; init; } = 1.0;

    /// <summary>Epsilon at the end (the floor of the multiplicative schedules).</summary>
    public double ExplorationFinalEps { get; init; } = 0.05;

    /// <summary>Decay constant in steps (exponential) or factor per step/episode (multiplicative).</summary>
    public double ExplorationDecay { get; init; } = 200;

    /// <summary>Regression loss: huber or mse.</summary>
    public TdLoss Loss { get; init; } = TdLoss.Huber;

    /// <summary>Where the Huber loss turns from quadratic to linear.</summary>
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>Clip the gradients' global norm to this (0 disables).</summary>
    public double MaxGradNorm { get; init; } = 10;

    /// <summary>Clamp every gradient element to ±this (0 disables; the DQN tutorial uses 1).</summary>
    public double ClipGradValue { get; init; }

    /// <summary>Optimiser: adam, rms_prop or sgd.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Epsilon of Adam or RMSprop (PyTorch's default 1e-8).</summary>
    public double OptimizerEps { get; init; } = 1e-8;

    /// <summary>Smoothing constant of RMSprop.</summary>
    public double RmsPropAlpha { get; init; } = 0.99;

    /// <summary>Hidden layer sizes of the Q-network.</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>Hidden activation: relu or tanh.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>Batch normalisation after each hidden linear layer (the second reference document's option).</summary>
    public bool BatchNorm { get; init; }

    /// <summary>Dropout probability after each hidden layer (0: none).</summary>
    public double Dropout { get; init; }

    /// <summary>Read observations as [C, H, W] images with a convolution stack (conv_channels) before the MLP.</summary>
    public bool Cnn { get; init; }

    /// <summary>
    /// Convolution channels when cnn is on: 5×5 kernels with stride 2, each followed by batch
    /// normalisation and ReLU, as the PyTorch DQN tutorial (16, 32, 32).
    /// </summary>
    public int[] ConvChannels { get; init; } = [16, 32, 32];

    /// <summary>Double DQN: the online network picks the next action, the target network values it.</summary>
    public bool DoubleDqn { get; init; }

    /// <summary>Dueling heads: Q = V + A - mean(A).</summary>
    public bool Dueling { get; init; }

    /// <summary>Steps per return (n-step DQN); 1 is plain one-step TD.</summary>
    public int NStep { get; init; } = 1;

    /// <summary>Proportional prioritised replay.</summary>
    public bool PrioritizedReplay { get; init; }

    /// <summary>Priority exponent of prioritised replay.</summary>
    public double PrioritizedAlpha { get; init; } = 0.6;

    /// <summary>Importance-sampling exponent at the start; annealed linearly to 1 over the run.</summary>
    public double PrioritizedBeta { get; init; } = 0.4;

    /// <summary>Replace the reward of a terminating step with this (the first reference document uses -1); NaN keeps rewards.</summary>
    public double TerminationReward { get; init; } = double.NaN;

    /// <summary>Keep the replay buffer in checkpoints, so that a resumed run continues exactly.</summary>
    public bool SaveReplayBuffer { get; init; } = true;

    /// <summary>Checks every value; an impossible one is an error naming its key.</summary>
    public void Validate()
    {
        Require(LearningRate > 0, "learning_rate", "must be positive");
        HyperparameterChecks.Replay(BufferSize, BatchSize, LearningStarts, TrainFreq, GradientSteps, Tau, Gamma);
        Require(TargetUpdateInterval > 0, "target_update_interval", "must be positive");
        Require(ExplorationFraction is > 0 and <= 1, "exploration_fraction", "must lie in (0, 1]");
        Require(ExplorationInitialEps is >= 0 and <= 1, "exploration_initial_eps", "must lie in [0, 1]");
        Require(ExplorationFinalEps is >= 0 and <= 1, "exploration_final_eps", "must lie in [0, 1]");
        Require(ExplorationSchedule != ExplorationSchedule.Exponential || ExplorationDecay > 0, "exploration_decay", "must be a positive number of steps for the exponential schedule");
        Require(ExplorationSchedule is not (ExplorationSchedule.MultiplicativePerStep or ExplorationSchedule.MultiplicativePerEpisode)
            || ExplorationDecay is > 0 and < 1, "exploration_decay", "must be a factor in (0, 1) for a multiplicative schedule");
        Require(HuberDelta > 0, "huber_delta", "must be positive");
        Require(MaxGradNorm >= 0, "max_grad_norm", "must be zero (off) or positive");
        Require(ClipGradValue >= 0, "clip_grad_value", "must be zero (off) or positive");
        Require(OptimizerEps > 0, "optimizer_eps", "must be positive");
        Require(NetArch.All(h => h > 0), "net_arch", "sizes must be positive");
        Require(NStep >= 1, "n_step", "must be 1 or more");
        Require(Dropout is >= 0 and < 1, "dropout", "must lie in [0, 1)");
        Require(ConvChannels.Length > 0 && ConvChannels.All(c => c > 0), "conv_channels", "needs at least one positive channel count");
        Require(PrioritizedAlpha >= 0, "prioritized_alpha", "must be zero or more");
        Require(PrioritizedBeta is >= 0 and <= 1, "prioritized_beta", "must lie in [0, 1]");
    }

    private static void Require(bool ok, string key, string problem) => HyperparameterChecks.Require(ok, key, problem);
}
