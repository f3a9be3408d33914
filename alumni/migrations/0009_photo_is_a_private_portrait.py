"""Alumni photos are private portraits (step 3 of 3): the column to the public images goes,
the one filled by 0008 takes its name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alumni', '0008_photos_to_private_storage'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='alumnus',
            name='photo',
        ),
        migrations.RemoveField(
            model_name='submission',
            name='photo',
        ),
        migrations.RenameField(
            model_name='alumnus',
            old_name='private_photo',
            new_name='photo',
        ),
        migrations.RenameField(
            model_name='submission',
            old_name='private_photo',
            new_name='photo',
        ),
        migrations.AlterField(
            model_name='alumnus',
            name='photo',
            field=models.ForeignKey(blank=True, help_text='Affichée seulement si la personne a consenti à la publication de sa photo.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='alumni', to='alumni.portrait', verbose_name='photo'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='photo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='submissions', to='alumni.portrait', verbose_name='photo'),
        ),
    ]
