using Skinner.Envs.Swingup;

namespace Skinner.Envs;

public static partial class Envs
{
    // pybullet_envs registers the swing-up with a 1000-step limit and a reward threshold of 800.
    static partial void RegisterSwingup(Action<EnvSpec> add)
    {
        const string Description = "Swing a pole hinged on a cart up and balance it (PyBullet's swing-up, re-derived in C#)";
        add(new EnvSpec("InvertedPendulumSwingup-v0", () => new InvertedPendulumSwingup(), 1000, 800.0, Description));
        add(new EnvSpec("InvertedPendulumSwingupBulletEnv-v0", () => new InvertedPendulumSwingup(), 1000, 800.0, Description + "; alias of InvertedPendulumSwingup-v0"));
    }
}
