using Skinner.Envs;
using Skinner.Envs.Wrappers;
using Registry = Skinner.Envs.Envs;

namespace Skinner.Tests.Envs.Testing;

/// <summary>The test environments wrapped as <c>Envs.Make</c> wraps registered ones.</summary>
public static class TestEnvs
{
    /// <summary>Ids that do not clash with registered ones, for theories that also run over the registry.</summary>
    public const string RandomWalkId = "test:RandomWalk";

    public const string EchoId = "test:Echo";

    public static IEnv Make(string id) => id switch
    {
        RandomWalkId => new TimeLimit(new OrderEnforcing(new RandomWalkEnv()), 50),
        EchoId => new TimeLimit(new OrderEnforcing(new EchoEnv()), 50),
        _ => Registry.Make(id),
    };
}
