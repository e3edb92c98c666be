"""Kinds of option value the command line checks itself, each with the fix in its message."""

from __future__ import annotations

import math

import click


class Seconds(click.ParamType[float, object]):
    """A number of seconds: more than 0, at most a day; not inf or nan."""

    name = "seconds"
    MAX = 24 * 60 * 60.0

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a number of seconds, like 120", param, ctx)
        if not math.isfinite(seconds) or not 0 < seconds <= self.MAX:
            self.fail(
                f"{value!r} is not a time limit leaflet can use — give a number of seconds "
                f"above 0 and at most {self.MAX:.0f} (a day), like 120",
                param,
                ctx,
            )
        return seconds


class ShardOption(click.ParamType[object, object]):
    """K/N: one of N shares of the leaflets (see :mod:`leaflet.build.shards`)."""

    name = "shard"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> object:
        from ..build.shards import Shard, parse_shard

        if isinstance(value, Shard):
            return value
        try:
            return parse_shard(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
