"""What a job's work raises to end it early. Both leave the job's writes rolled back: the
work raises them from inside its transaction."""


class JobCancelled(Exception):
    """The person who started the job (or an editor) pressed « Annuler »."""


class JobFailed(Exception):
    """The work cannot be done; the message is French and shown on the job's page."""
