# Themes: after the ESSGLOBAL themes vocabulary (http://purl.org/essglobal/standard/themes/, RIPESS), labels revised and translated to Korean by Pumasi.
# SDGs: the 17 Sustainable Development Goals of the United Nations (short titles).

## Thèmes ESSGLOBAL
theme-t1 = Villes en transition et droit à l'habitat
theme-t1-note = Intègre la thématique du logement et de la mobilité.
theme-t2 = Souveraineté alimentaire et agriculture paysanne
theme-t2-note = Intègre la thématique de l'alimentation et de l'agriculture.
theme-t3 = Finances solidaires
theme-t3-note = Intègre la thématique des finances.
theme-t4 = Concepts et valeurs de l'économie solidaire
theme-t4-note = Intègre la thématique des économies.
theme-t5 = Environnement et biens communs
theme-t5-note = Intègre la thématique de l'environnement, de l'énergie et des biens communs.
theme-t6 = Politiques publiques
theme-t6-note = Intègre la thématique des politiques publiques.
theme-t7 = Culture et savoirs libres
theme-t7-note = Intègre la thématique de la culture et des savoirs libres.
theme-t8 = Éducation populaire et apprentissage
theme-t8-note = Intègre la thématique de l'éducation et de l'apprentissage.
theme-t9 = Production, commerce et consommation solidaires et responsables
theme-t9-note = Intègre la thématique de la production, du commerce et de la consommation.
theme-t10 = Développement territorial et buen vivir
theme-t10-note = Intègre la thématique du développement local et du bien-être.
theme-t11 = Coopération internationale
theme-t11-note = Intègre la thématique de la coopération internationale.
theme-t12 = Justice et insertion sociales, lutte contre la pauvreté
theme-t12-note = Intègre la thématique de la justice sociale et de la lutte contre la pauvreté.
theme-t13 = Travail décent et digne, autogestion
theme-t13-note = Intègre la thématique du travail décent et de l'autogestion.
theme-t14 = Femmes
theme-t14-note = Intègre la thématique des femmes.
theme-t15 = Réseautage et organisation du mouvement de l'ESS (national et international)
theme-t15-note = Intègre la thématique de la mise en réseau et des mouvements sociaux.
theme-t16 = Technologie et recherche
theme-t16-note = Intègre la thématique de la recherche et de la technologie.
theme-t17 = Peuples et communautés traditionnels et autochtones
theme-t17-note = Intègre la thématique des peuples et communautés autochtones.
theme-t18 = Communication et information alternatives
theme-t18-note = Intègre la thématique de la communication et de l'information.
theme-t19 = Autres thématiques
theme-t19-note = Intègre d'autres questions thématiques.

## Objectifs de développement durable des Nations unies
sdg-1 = Pas de pauvreté
sdg-2 = Faim « zéro »
sdg-3 = Bonne santé et bien-être
sdg-4 = Éducation de qualité
sdg-5 = Égalité entre les sexes
sdg-6 = Eau propre et assainissement
sdg-7 = Énergie propre et d'un coût abordable
sdg-8 = Travail décent et croissance économique
sdg-9 = Industrie, innovation et infrastructure
sdg-10 = Inégalités réduites
sdg-11 = Villes et communautés durables
sdg-12 = Consommation et production responsables
sdg-13 = Mesures relatives à la lutte contre les changements climatiques
sdg-14 = Vie aquatique
sdg-15 = Vie terrestre
sdg-16 = Paix, justice et institutions efficaces
sdg-17 = Partenariats pour la réalisation des objectifs
