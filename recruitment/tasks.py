from celery import shared_task


@shared_task
def round_rank_task(round_id: int, user_id: int) -> str:
    """Rank a selection round (all applications, all or nothing) and leave the outcome on the round."""
    from .ranking import round_rank_run

    return round_rank_run(round_id=round_id, user_id=user_id).ranking_status
