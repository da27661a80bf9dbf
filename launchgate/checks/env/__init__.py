"""Environment variables: required values, formats, shared credentials, example file,
committed or unignored env files, debug switches, and the env inventory."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.env import judge as envjudge
from launchgate.checks.env.credentials import recognised_credential
from launchgate.checks.env.facts import EnvFacts, git_env_files, read_dotenv, shared_facts
from launchgate.checks.env.rules import REQUIRED, RULES
from launchgate.config.model import EnvConfig, GateConfig
from launchgate.core.model import Result
from launchgate.core.rules import Check, RunContext

__all__ = ["RULES", "plan"]


def plan(config: GateConfig) -> list[Check]:
    if config.env is None:
        return []
    return [Check(REQUIRED, run_env, config_key="env", network=False, timeout=120.0)]


def run_env(ctx: RunContext) -> Iterator[Result]:
    facts = shared_facts(ctx)
    config = ctx.config.env
    if facts is None or config is None:
        return
    # Pre-commit (files given): the developer's shell is not the deploy environment, so
    # only what the commit can change is judged: env files, the example, git status.
    deploy = ctx.files is None
    if deploy:
        yield from _vars(ctx, config, facts)
    for result in envjudge.judge_files(facts):
        yield _at_config_line(ctx, result, "env.files")
    for result in envjudge.judge_example(config, facts):
        yield _at_config_line(ctx, result, "env.example")
    environ = ctx.environ if deploy else {}
    yield from envjudge.judge_debug(ctx.config.environment, environ, facts.files)
    yield from _git_checks(ctx)
    ctx.add_inventory("env", envjudge.inventory(config, facts))


def _vars(ctx: RunContext, config: EnvConfig, facts: EnvFacts) -> Iterator[Result]:
    for name, var in config.vars.items():
        resolved = facts.resolved[name]
        if envjudge.must_hide(name, var, resolved.value):
            ctx.redactor.add(resolved.value)
        for result in envjudge.judge_var(name, var, resolved):
            yield _at_config_line(ctx, result, f"env.vars.{name}")
    for result in envjudge.judge_distinct(config, facts):
        yield _at_config_line(ctx, result, f"env.vars.{result.target}")


def _at_config_line(ctx: RunContext, result: Result, key: str) -> Result:
    """A result with no file of its own points at the variable's entry in launchgate.yml."""
    source = ctx.config.source
    line = source.line_of(key)
    if result.file or not source.path or line is None:
        return result
    return result.with_changes(file=source.path, line=line)


def _git_checks(ctx: RunContext) -> Iterator[Result]:
    config = ctx.config.env
    extra = [*config.files, *config.distinct_from] if config else []
    found = git_env_files(ctx.base_dir, extra)
    if not found.in_git:
        return
    committed = [read_dotenv(ctx.base_dir, rel) for rel in found.tracked]
    for env_file in committed:
        for key, value in env_file.values.items():
            if envjudge.should_mask(key, value) or recognised_credential(value):
                ctx.redactor.add(value)
    yield from envjudge.judge_committed(committed)
    yield from envjudge.judge_unignored(found.unignored)
