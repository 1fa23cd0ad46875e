namespace Skinner.Tensors;

/// <summary>
/// Reverse-mode differentiation. The graph is held by the tensors themselves (each result points to the
/// <see cref="Node"/> that made it); the no-grad flag and the scratch lists of a backward pass are per
/// thread, so workers can record and run backward side by side.
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static int s_noGradDepth;
    [ThreadStatic] private static List<Node>? s_order;
    [ThreadStatic] private static Stack<(Node Node, bool Expanded)>? s_stack;
    [ThreadStatic] private static Dictionary<int, Stack<float[]>>? s_spareGradients;
    private static int s_generation;

    /// <summary>Gradient buffers shorter than this are simply allocated: recycling them saves less than it costs.</summary>
    private const int MinRecycledLength = 256;

    /// <summary>Spare buffers kept per length, so that a graph that changes shape cannot grow the pool without bound.</summary>
    private const int MaxSparePerLength = 16;

    /// <summary>True when operations on this thread are being recorded (no <see cref="NoGrad"/> scope is open).</summary>
    public static bool IsGradEnabled => s_noGradDepth == 0;

    /// <summary>
    /// Opens a scope in which nothing is recorded on this thread (target networks, acting, evaluation):
    /// <c>using (Autograd.NoGrad()) { ... }</c>. Scopes nest.
    /// </summary>
    public static NoGradScope NoGrad()
    {
        s_noGradDepth++;
        return new NoGradScope(true);
    }

    internal static void EndNoGrad() => s_noGradDepth--;

    /// <summary>Whether an op on <paramref name="a"/> should be recorded.</summary>
    internal static bool Records(Tensor a) => a.RequiresGrad && s_noGradDepth == 0;

    /// <summary>Whether an op on <paramref name="a"/> and <paramref name="b"/> should be recorded.</summary>
    internal static bool Records(Tensor a, Tensor b) => (a.RequiresGrad || b.RequiresGrad) && s_noGradDepth == 0;

    /// <summary>
    /// Runs backward from <paramref name="root"/> whose gradient has been seeded: visits the nodes that
    /// reach it in reverse topological order, accumulates into leaves, and drops the gradients of
    /// intermediate results (so a second backward through a shared part of the graph does not count twice).
    /// </summary>
    internal static void Run(Tensor root)
    {
        if (root.GradFn is null) return;
        var order = s_order ??= new List<Node>(64);
        var stack = s_stack ??= new Stack<(Node, bool)>(64);
        int mark = Interlocked.Increment(ref s_generation);
        stack.Push((root.GradFn, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(node);
                continue;
            }
            if (node.Mark == mark) continue;
            node.Mark = mark;
            stack.Push((node, true));
            Push(stack, node.A, mark);
            Push(stack, node.B, mark);
            if (node.More is { } more)
            {
                foreach (var t in more) Push(stack, t, mark);
            }
        }
        try
        {
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var node = order[i];
                if (t_deferred is { } deferred && Touches(node, deferred.Target)) JoinDeferred();
                var output = node.Output;
                var grad = output.Grad;
                output.Grad = null;
                if (grad is null) continue;
                node.Backward(grad);
                // The gradient of an intermediate result is dead once its node has pushed it back (no op keeps
                // or aliases it), so the next backward pass on this thread reuses its buffer; one that deferred work
                // still reads goes back when that work is joined.
                if (!ReferenceEquals(t_deferred?.Reads, grad.Data)) ReturnGradient(grad.Data);
            }
        }
        finally
        {
            order.Clear();
            JoinDeferred();
        }
    }

    /// <summary>Work handed to a helper by a node, still running: it writes the gradient of Target and reads Reads.</summary>
    private sealed record Deferred(HelperThreads.Job Work, Tensor Target, float[] Reads);

    [ThreadStatic] private static Deferred? t_deferred;

    /// <summary>
    /// Starts <paramref name="work"/> on a helper and lets the backward pass go on while it computes
    /// <paramref name="target"/>'s gradient from the node's upstream gradient <paramref name="reads"/> (a layer's weight
    /// gradient, which nothing else in the pass needs): the pass joins it before any node that reads or writes the
    /// target, and at its end, and keeps <paramref name="reads"/> out of the recycled buffers until then. One at a
    /// time: an earlier one is joined first. False (nothing started) when no helper is free: the caller runs the work.
    /// </summary>
    internal static bool Defer(Tensor target, float[] reads, Action work)
    {
        JoinDeferred();
        if (HelperThreads.Start(work) is not { } job) return false;
        t_deferred = new Deferred(job, target, reads);
        return true;
    }

    /// <summary>Waits for deferred work of this thread's backward pass, if any.</summary>
    private static void JoinDeferred()
    {
        if (t_deferred is not { } deferred) return;
        t_deferred = null;
        try
        {
            HelperThreads.Join(deferred.Work);
        }
        finally
        {
            ReturnGradient(deferred.Reads);
        }
    }

    // Whether a node's backward reads or writes the gradient of `target`: as its result, or as one of its inputs.
    private static bool Touches(Node node, Tensor target)
    {
        if (ReferenceEquals(node.Output, target) || ReferenceEquals(node.A, target) || ReferenceEquals(node.B, target)) return true;
        if (node.More is { } more)
        {
            foreach (var t in more)
            {
                if (ReferenceEquals(t, target)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A gradient buffer for an intermediate result (never a leaf's, whose gradient the caller keeps): a spare
    /// one of this length from an earlier backward pass on this thread, or a new one. Contents are undefined.
    /// </summary>
    internal static float[] RentGradient(int length)
    {
        if (length >= MinRecycledLength && s_spareGradients is { } spare
            && spare.TryGetValue(length, out var stack) && stack.TryPop(out var data))
        {
            return data;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Hands a dead gradient or scratch buffer back for reuse by later backward passes on this thread.</summary>
    internal static void ReturnGradient(float[] data)
    {
        if (data.Length < MinRecycledLength) return;
        var spare = s_spareGradients ??= [];
        if (!spare.TryGetValue(data.Length, out var stack)) spare[data.Length] = stack = new Stack<float[]>();
        if (stack.Count < MaxSparePerLength) stack.Push(data);
    }

    private static void Push(Stack<(Node, bool)> stack, Tensor? t, int mark)
    {
        if (t?.GradFn is { } n && n.Mark != mark) stack.Push((n, false));
    }
}

/// <summary>Closes a <see cref="Autograd.NoGrad"/> scope when disposed.</summary>
public readonly struct NoGradScope : IDisposable
{
    private readonly bool _open;

    internal NoGradScope(bool open) => _open = open;

    /// <summary>Re-enables recording (if no outer scope is open).</summary>
    public void Dispose()
    {
        if (_open) Autograd.EndNoGrad();
    }
}
