from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Lecture"
    READ_WRITE = "read_write", "Lecture et écriture"
