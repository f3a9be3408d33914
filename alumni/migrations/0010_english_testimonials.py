"""Alumni testimonials in English, when the person gives them (the public update form and
the directory's entry): shown on English pages only when filled in."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alumni', '0009_photo_is_a_private_portrait'),
    ]

    operations = [
        migrations.AddField(
            model_name='alumnus',
            name='testimonial_en',
            field=models.TextField(blank=True, default='', help_text="Facultatif : le témoignage en anglais, tel que la personne l'a donné. Les pages en anglais ne montrent un témoignage que s'il est rempli ici (même consentement).", max_length=2000, verbose_name='témoignage (anglais)'),
        ),
        migrations.AddField(
            model_name='submission',
            name='testimonial_en',
            field=models.TextField(blank=True, default='', help_text='Facultatif : le même témoignage en anglais, si vous le souhaitez. Il sera montré aux visiteurs du site en anglais (2 000 caractères au plus).', max_length=2000, verbose_name='témoignage en anglais'),
        ),
    ]
