"""Alumni photos get their own model, kept in the private storage (step 1 of 3).

Until now an alumnus's photo was a `core.Image`, stored under MEDIA_URL: its address answered
before anyone had reviewed the request, and after a withdrawal. The new `Portrait` lives in
`STORAGES["photos"]` and is served only by the consent-checking photo view. This step adds
the table and a temporary column beside each `photo`; 0008 moves the files, 0009 swaps the
columns (three migrations: PostgreSQL refuses to alter a table whose rows changed in the same
transaction).
"""

import django.db.models.deletion
from django.db import migrations, models

import alumni.models
import core.images


class Migration(migrations.Migration):

    dependencies = [
        ('alumni', '0006_remove_alumnus_is_demo'),
    ]

    operations = [
        migrations.CreateModel(
            name='Portrait',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(default=alumni.models.new_photo_key, editable=False, max_length=32, unique=True, verbose_name="clé d'adresse")),
                ('file', models.ImageField(storage=alumni.models.photo_storage, upload_to=alumni.models.photo_file_name, validators=[core.images.validate_image_upload], verbose_name='fichier image')),
                ('alt_text', models.CharField(max_length=250, verbose_name='texte alternatif')),
                ('width', models.PositiveIntegerField(editable=False, null=True, verbose_name='largeur')),
                ('height', models.PositiveIntegerField(editable=False, null=True, verbose_name='hauteur')),
                ('renditions', models.JSONField(default=list, editable=False, verbose_name='tailles préparées')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='ajoutée le')),
            ],
            options={
                'verbose_name': "photo d'ancien étudiant",
                'verbose_name_plural': "photos d'anciens étudiants",
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='alumnus',
            name='private_photo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alumni.portrait', verbose_name='photo'),
        ),
        migrations.AddField(
            model_name='submission',
            name='private_photo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alumni.portrait', verbose_name='photo'),
        ),
    ]
