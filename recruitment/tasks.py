from celery import shared_task


@shared_task
def round_rank_task(round_id: int, user_id: int) -> str:
    """Rank a selection round (all applications, all or nothing) and leave the outcome on the round."""
    from .ranking import round_rank_run

    return round_rank_run(round_id=round_id, user_id=user_id).ranking_status


@shared_task
def access_codes_task(application_ids: list[int], new: bool = False) -> int:
    """Make and e-mail access codes for imported applications, or a new one that HR re-sends."""
    from .access import access_codes_send

    return access_codes_send(application_ids=application_ids, new=new)


@shared_task
def announcement_publish_task(round_id: int, stage: str, note: str, user_id: int) -> str:
    """Freeze a round's results into a numbered announcement (or nothing) and leave the outcome on the round."""
    from .publishing import announcement_publish_run

    return announcement_publish_run(round_id=round_id, stage=stage, note=note, user_id=user_id).publish_status
