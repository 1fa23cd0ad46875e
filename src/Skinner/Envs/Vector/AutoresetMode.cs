namespace Skinner.Envs.Vector;

/// <summary>When a vector environment resets a sub-environment whose episode ended.</summary>
public enum AutoresetMode
{
    /// <summary>
    /// Gymnasium 1.x's default. The step that ends an episode returns its final observation as usual; the
    /// next step ignores that environment's action, resets it and returns the reset observation with
    /// reward 0 and terminated and truncated false (flagged in <see cref="IVectorEnv.Autoreset"/>).
    /// </summary>
    NextStep,

    /// <summary>
    /// The step that ends an episode also resets the environment: it returns the reset observation, the
    /// episode's last reward and flags, and keeps the final observation in
    /// <see cref="IVectorEnv.FinalObservations"/> for bootstrapping on truncation.
    /// </summary>
    SameStep,
}
