"""Deployment frames: who is sent where, how many, when, in what status.

A frame is built inside one sentence: a worker anchor (a count and/or a worker noun), a status
trigger, a destination. It crosses a sentence boundary only through an explicit link (a pronoun
or "the workers" opening the next sentence, "the region", "there", "the number"), and every
frame records the rule that built it. The modules follow those steps: ``anchors``, ``status``,
``places``, ``slots`` (sector and time), ``assemble`` (a frame per anchor), ``linking`` (across
sentences, and merging), ``figures`` (lists of dated figures).
"""

from laborwatch.extract.deployments.assemble import deployment_findings, find_deployments
from laborwatch.extract.deployments.model import Anchor, Deployment

__all__ = ["Anchor", "Deployment", "deployment_findings", "find_deployments"]
