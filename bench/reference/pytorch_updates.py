"""The PyTorch side of `dqn-update` and `ddpg-update`: the same steps, networks and batch sizes on one thread.

Run by the benchmark itself when a Python with torch is found (SKINNER_PYTORCH_PYTHON, else /usr/bin/python3,
else python3 on the PATH), so that both sides are timed on the same machine in the same run. On Debian:
`apt-get install python3-torch`. Alone: `python3 bench/reference/pytorch_updates.py [--steps N] [--only dqn|ddpg]`.
Prints one JSON object a case: {"bench": "dqn-update", "case": "4-64-64-2/b64", "unit": "us", "value": MEDIAN, ...}.
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def median_step_us(step, steps, warmup):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter_ns()
        step()
        times.append((time.perf_counter_ns() - t0) / 1000.0)
    return statistics.median(times), min(times)


def mlp(sizes, out_act=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    if out_act is not None:
        layers.append(out_act)
    return nn.Sequential(*layers)


def dqn_case(hidden, batch, steps):
    """Target forward under no-grad, online forward, gather, MSE, backward, Adam (as DqnUpdateBench)."""
    torch.manual_seed(7)
    online, target = mlp([4, hidden, hidden, 2]), mlp([4, hidden, hidden, 2])
    target.load_state_dict(online.state_dict())
    adam = torch.optim.Adam(online.parameters(), lr=1e-4)
    obs, nxt = torch.rand(batch, 4) * 2 - 1, torch.rand(batch, 4) * 2 - 1
    actions = torch.randint(0, 2, (batch, 1))
    rewards, not_done = torch.rand(batch, 1), (torch.rand(batch, 1) >= 0.05).float()

    def step():
        with torch.no_grad():
            y = rewards + 0.99 * target(nxt).max(1, keepdim=True).values * not_done
        q = online(obs).gather(1, actions)
        loss = F.mse_loss(q, y)
        adam.zero_grad()
        loss.backward()
        adam.step()

    return median_step_us(step, steps, max(1000, steps))


class Critic(nn.Module):
    """Q(s, a) with the action joining at the second layer (as DdpgUpdateBench)."""

    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.l3 = nn.Linear(3, 400), nn.Linear(401, 300), nn.Linear(300, 1)

    def forward(self, s, a):
        h = F.relu(self.l1(s))
        h = F.relu(self.l2(torch.cat([h, a], 1)))
        return self.l3(h)


def ddpg_case(batch, steps):
    torch.manual_seed(11)
    actor, actor_t = mlp([3, 400, 300, 1], nn.Tanh()), mlp([3, 400, 300, 1], nn.Tanh())
    critic, critic_t = Critic(), Critic()
    actor_t.load_state_dict(actor.state_dict())
    critic_t.load_state_dict(critic.state_dict())
    actor_adam = torch.optim.Adam(actor.parameters(), lr=1e-4)
    critic_adam = torch.optim.Adam(critic.parameters(), lr=1e-3)
    obs, nxt, act = torch.rand(batch, 3) * 2 - 1, torch.rand(batch, 3) * 2 - 1, torch.rand(batch, 1) * 2 - 1
    rewards, not_done = torch.rand(batch, 1), (torch.rand(batch, 1) >= 0.05).float()
    pairs = [(list(actor.parameters()), list(actor_t.parameters())), (list(critic.parameters()), list(critic_t.parameters()))]

    def step():
        with torch.no_grad():
            y = rewards + 0.99 * critic_t(nxt, actor_t(nxt)) * not_done
        critic_loss = F.mse_loss(critic(obs, act), y)
        critic_adam.zero_grad()
        critic_loss.backward()
        critic_adam.step()
        actor_loss = -critic(obs, actor(obs)).mean()
        actor_adam.zero_grad()
        actor_loss.backward()
        actor_adam.step()
        with torch.no_grad():
            for online, target in pairs:
                for p, t in zip(online, target):
                    t.mul_(0.995).add_(p, alpha=0.005)

    return median_step_us(step, steps, max(300, steps))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=800)
    parser.add_argument("--only", choices=["dqn", "ddpg"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    common = {"impl": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "steps": args.steps}
    if args.only in (None, "dqn"):
        for hidden, batch in [(64, 64), (64, 128), (256, 64), (256, 128)]:
            med, best = dqn_case(hidden, batch, args.steps)
            print(json.dumps({"bench": "dqn-update", "case": f"4-{hidden}-{hidden}-2/b{batch}", "unit": "us",
                              "value": round(med, 1), "best_us": round(best, 1), **common}), flush=True)
    if args.only in (None, "ddpg"):
        for batch in [64, 128]:
            med, best = ddpg_case(batch, args.steps)
            print(json.dumps({"bench": "ddpg-update", "case": f"400-300/b{batch}", "unit": "us",
                              "value": round(med, 1), "best_us": round(best, 1), **common}), flush=True)


if __name__ == "__main__":
    main()
