# Pumasi — chaînes de l'interface en français. Chaque clé doit aussi exister en ko, en et es (un test le vérifie).

## Navigation and layout
nav-skip = Aller au contenu
nav-main = Menu principal
nav-home = Accueil
nav-members = Membres
nav-map = Carte
nav-stats = Statistiques
nav-apply = Demander l'adhésion
nav-applications = Candidatures
nav-login = Se connecter
nav-logout = Se déconnecter
nav-group-members = Membres
nav-group-events = Événements
nav-group-knowledge = Savoirs
nav-group-secretariat = Secrétariat
nav-directory = Annuaire
nav-bodies = Instances et mandats
nav-library-work = Travaux de la bibliothèque
nav-languages = Langues
nav-api = API
footer-powered = Fonctionne avec Pumasi, logiciel libre pour les réseaux solidaires
language-ko = coréen
language-en = anglais
language-fr = français
language-es = espagnol
shown-in = Affiché en { $name } : pas encore de traduction.
fictional = fictive
fictional-long = Organisation fictive, issue des données de démonstration.
logo-of = Logo de { $name }

## Home, directory, map, statistics
home-title = Accueil
home-sentence = { $members ->
    [one] { $members } membre
   *[other] { $members } membres
  } de { $countries ->
    [one] { $countries } pays
   *[other] { $countries } pays
  } sur { $continents ->
    [one] { $continents } continent
   *[other] { $continents } continents
  }, dont { $localgov ->
    [one] { $localgov } collectivité locale
   *[other] { $localgov } collectivités locales
  } et { $sse ->
    [one] { $sse } réseau de l'ESS
   *[other] { $sse } réseaux de l'ESS
  }, ainsi que { $honorary ->
    [one] { $honorary } membre honoraire
   *[other] { $honorary } membres honoraires
  }
home-recent = Nouveaux membres
home-directory = Voir tous les membres
members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
  }
directory-title = Annuaire des membres
directory-count = { $count ->
    [0] Aucune organisation ne correspond.
    [one] { $count } organisation
   *[other] { $count } organisations
  }
filter-text = Nom ou ville
filter-continent = Continent
filter-country = Pays
filter-category = Catégorie
filter-class = Type d'adhésion
filter-college = Collège
filter-language = Langue de travail
filter-status = Statut
filter-sort = Trier par
filter-any = Tous
filter-apply = Filtrer
filter-reset = Effacer les filtres
sort-name = Nom
sort-country = Pays
sort-newest = Nouveaux membres d'abord
pager-label = Pages
pager-prev = Précédent
pager-next = Suivant
map-title = Où sont nos membres
map-more = Carte de tous les membres
stats-title = Statistiques des membres
stats-members = Membres
stats-by-continent = Membres par continent
stats-by-category = Membres par catégorie
stats-by-class = Membres par type d'adhésion
stats-by-country = Membres par pays
stats-as-table = Afficher sous forme de tableau
continent-africa = Afrique
continent-americas = Amériques
continent-asia = Asie
continent-europe = Europe
continent-oceania = Océanie
continent-antarctica = Antarctique

## Organisations
class-full = Membre de plein droit
class-allied = Membre associé
class-honorary = Membre honoraire
class-full-explained = Membre de plein droit (vote et peut être élu)
class-allied-explained = Membre associé (participe, sans droit de vote)
class-honorary-explained = Membre honoraire (nommé par le comité de pilotage)
status-applicant = Candidat
status-member = Membre
status-suspended = Suspendu
status-withdrawn = Retiré
status-disqualified = Exclu
status-rejected = Candidature rejetée
field-name = Nom
field-slug = Adresse web (facultative : faite à partir du nom si vide)
field-base-language = Langue des textes
field-category = Catégorie
field-class = Type d'adhésion
field-class-requested = Type d'adhésion demandé
field-status = Statut
field-college = Collège électoral
field-country = Pays
field-city = Ville
field-place = Lieu
field-latitude = Latitude
field-longitude = Longitude
field-website = Site web
field-languages = Langues de travail
field-languages-codes = Langues de travail (codes tels que ko;en)
field-description = Description
field-joined = Membre depuis
field-leader = Responsable de l'exécutif
field-leader-name = Responsable de l'exécutif
field-leader-title = Fonction du responsable
field-leader-email = Courriel du responsable
field-focal = Personne de liaison
field-focal-name = Personne de liaison
field-focal-email = Courriel de la personne de liaison
field-focal-phone = Téléphone de la personne de liaison
field-email = Courriel
field-password = Mot de passe
field-password-current = Mot de passe actuel
field-password-new = Nouveau mot de passe (au moins 10 caractères)
field-password-confirm = Confirmez le nouveau mot de passe
field-contact-name = Personne de contact
field-contact-email = Courriel de la personne de contact
field-economic-index = Indice économique servant au calcul de la cotisation (p. ex. tranche de PIB par habitant)
field-statement = Action de votre organisation dans l'économie sociale et solidaire
field-signatory-name = Signataire autorisé (maire, directeur général…)
field-signatory-title = Fonction du signataire
field-signatory-confirmed = Le signataire autorisé confirme cette candidature et la charte.
private-contacts = Contacts privés (secrétariat et organisation uniquement)
history-title = Historique de l'adhésion
profile-edit = Modifier le profil
translation-into = Traduction : { $name }
org-role-member = membre
org-role-editor = éditeur
org-role-admin = administrateur
role-person = Personne
role-secretariat = Secrétariat
role-admin = Administrateur
event-created = Création
event-status = Changement de statut
event-application-acknowledged = Accusé de réception de la candidature
event-application-info_requested = Informations complémentaires demandées
event-college = Collège attribué
event-first_fee = Première cotisation payée

## Membership application
apply-title = Demande d'adhésion
apply-intro = Le secrétariat accuse réception de chaque candidature dans un délai de 5 jours ouvrables. Le comité de pilotage statue ensuite.
apply-organisation = Votre organisation
apply-people = Personnes
apply-commitment = Engagement
apply-submit = Envoyer la candidature
application-submitted = Envoyée
application-acknowledged = Réception accusée
application-info-requested = Informations demandées
application-approved = Approuvée
application-rejected = Rejetée
applications-title = Demandes d'adhésion
applications-state = État
applications-ack-due = Accuser réception avant le
applications-acknowledge = Accuser réception
applications-question = Question au candidat
applications-request-info = Demander des informations complémentaires
applications-decision = Décision du comité de pilotage
applications-decided-on = Date de la décision
applications-reference = Référence de la décision
applications-approve = Enregistrer l'approbation
applications-reject = Enregistrer le rejet
applications-assign-college = Attribuer un collège
applications-first-fee = Première cotisation payée le
applications-record-fee = Enregistrer la première cotisation
applications-fee-rule = Un membre de plein droit n'est compté comme membre qu'une fois sa première cotisation payée.
applications-profile = Profil de l'organisation
days-left = { $count ->
    [one] { $count } jour ouvrable restant
   *[other] { $count } jours ouvrables restants
  }
days-late = { $count ->
    [one] { $count } jour ouvrable de retard
   *[other] { $count } jours ouvrables de retard
  }

## Accounts
login-title = Connexion
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
account-title = Mon compte
account-role = Rôle
account-organisations = Mes organisations
password-change-title = Changer le mot de passe
sessions-title = Mes sessions
sessions-started = Ouverte le
sessions-last-seen = Dernière activité
sessions-address = Adresse
sessions-actions = Actions
sessions-current = Cette session
sessions-end = Fermer cette session
forgot-title = Réinitialiser votre mot de passe
forgot-submit = Envoyez-moi un lien
forgot-sent = Si un compte utilise cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable 2 heures.
reset-title = Choisissez un nouveau mot de passe
reset-expired = Ce lien a expiré ou a déjà été utilisé.
form-save = Enregistrer
form-choose = Choisir…
form-has-errors = Veuillez corriger les points suivants :

## Confirmations
done-logged-out = Vous êtes déconnecté.
done-session-ended = La session a été fermée.
done-password-changed = Votre mot de passe a été modifié. Vos autres sessions ont été fermées.
done-password-reset = Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.
done-application-received = Merci. Votre candidature a bien été reçue ; nous en accuserons réception dans un délai de 5 jours ouvrables.
done-saved = Enregistré.

## Errors
error-title-400 = Requête incorrecte
error-title-401 = Veuillez vous connecter
error-title-403 = Action non autorisée
error-title-404 = Page introuvable
error-title-409 = Conflit
error-title-410 = Expiré
error-title-422 = Veuillez vérifier le formulaire
error-title-429 = Trop de tentatives
error-title-500 = Une erreur s'est produite
error-title-415 = Format non pris en charge
error-json-media-type = Envoyez le corps en JSON (Content-Type: application/json).
error-title-503 = Enregistrement impossible pour le moment
error-unavailable = Le hub ne peut rien enregistrer pour le moment (son stockage est plein ou en lecture seule). Rien n’a été enregistré ; réessayez dans quelques minutes.
error-not-found = Nous n'avons pas trouvé cette page.
error-unauthorized = Veuillez vous connecter pour continuer.
error-forbidden = Vous n'êtes pas autorisé à effectuer cette action.
error-csrf = Ce formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.
error-too-many = Trop de tentatives. Veuillez patienter 15 minutes, puis réessayer.
error-too-many-account = Ce compte a subi trop de tentatives échouées depuis ailleurs. Connectez-vous depuis un appareil déjà utilisé, ou patientez 15 minutes.
error-internal = Une erreur s'est produite de notre côté. Veuillez réessayer plus tard.
error-invalid = Certaines valeurs ne sont pas valides.
error-invalid-value = Cette valeur n'est pas valide.
error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-control-chars = Ce texte contient des caractères non autorisés.
error-email-invalid = Cette adresse électronique n'est pas valide.
error-slug-invalid = Utilisez des lettres minuscules, des chiffres et des traits d'union (2 à 80 caractères).
error-slug-taken = Cette adresse web est déjà utilisée. Choisissez-en une autre, ou laissez le champ vide pour qu'elle soit faite à partir du nom.
error-name-taken = Une organisation portant ce nom existe déjà dans cette ville.
error-url-invalid = Indiquez une adresse web complète commençant par https://.
error-coordinates-invalid = La latitude doit être comprise entre −90 et 90, et la longitude entre −180 et 180.
error-date-invalid = Indiquez une date au format AAAA-MM-JJ.
error-code-invalid = Ce code n'est pas valide.
error-languages-invalid = Indiquez des codes de langue à deux lettres séparés par ; (par exemple ko;en).
error-locale-invalid = Choisissez coréen, anglais, français ou espagnol.
error-category-invalid = Choisissez une catégorie dans la liste.
error-class-invalid = Choisissez un type d'adhésion dans la liste.
error-status-invalid = Ce statut n'existe pas.
error-college-invalid = Choisissez un collège dans la liste.
error-college-full-only = Seuls les membres de plein droit appartiennent à un collège électoral.
error-country-invalid = Ce code de pays est inconnu.
error-boolean-invalid = Utilisez true ou false.
error-field-unknown = Ce champ n'existe pas.
error-translation-base = Une traduction ne peut pas être dans la langue d'origine du texte.
error-edit-conflict = Quelqu'un d'autre a modifié ce contenu entre-temps. Rechargez la page pour voir ses modifications.
error-status-transition = Ce changement de statut n'est pas possible à partir du statut actuel.
error-application-state = Cette candidature a déjà fait l'objet d'une décision ou ne peut pas passer à cette étape maintenant.
error-fee-already-recorded = La première cotisation a déjà été enregistrée.
error-confirmation-required = La confirmation du signataire est obligatoire.
error-email-taken = Un compte existe déjà avec cette adresse électronique.
error-backup-postgres = Avec PostgreSQL, effectuez la sauvegarde avec pg_dump.
error-csv-utf8 = Cette ligne n'est pas un texte UTF-8 valide.
error-csv-malformed = Cette ligne n'est pas au format CSV valide.
error-csv-too-many-columns = Le fichier contient trop de colonnes.
error-csv-header = L'en-tête ne correspond à aucun ensemble de colonnes connu.
error-csv-field-count = Cette ligne n'a pas le même nombre de champs que l'en-tête.
error-slug-duplicate-in-file = Cette adresse web apparaît deux fois dans le fichier.
error-name-duplicate-in-file = Cette organisation apparaît deux fois dans le fichier.
error-login-failed = L'adresse électronique ou le mot de passe est incorrect.
error-password-short = Le mot de passe doit comporter au moins 10 caractères.
error-password-wrong = Le mot de passe actuel est incorrect.
error-password-mismatch = Les deux mots de passe sont différents.

## Emails
email-application-received-subject = { $network } : nous avons reçu votre candidature
email-application-received-body = Merci d'avoir demandé l'adhésion de { $organisation }. Le secrétariat accusera réception de votre candidature dans un délai de 5 jours ouvrables.
email-application-acknowledged-subject = { $network } : votre candidature est en cours d'examen
email-application-acknowledged-body = Le secrétariat a accusé réception de la candidature de { $organisation }. Le comité de pilotage statuera sur celle-ci.
email-application-info-subject = { $network } : nous avons besoin d'informations complémentaires
email-application-info-body = Pour poursuivre l'examen de la candidature de { $organisation }, le secrétariat demande : { $question }
email-application-rejected-subject = { $network } : décision concernant votre candidature
email-application-rejected-body = Le comité de pilotage n'a pas approuvé la candidature de { $organisation } (référence { $reference }).
email-password-reset-subject = { $network } : choisissez un nouveau mot de passe
email-password-reset-body = Ouvrez ce lien pour choisir un nouveau mot de passe (valable 2 heures) : { $link } — Si vous n'en avez pas fait la demande, ignorez ce courriel.
email-invitation-subject = { $network } : bienvenue, votre organisation est membre
email-invitation-body = L'adhésion de votre organisation a été approuvée et vous en êtes l'administrateur. Ouvrez ce lien pour choisir votre mot de passe (valable 7 jours) : { $link }

## Secretariat and administration
nav-dues = Cotisations
nav-admin = Administration
dues-title = Cotisations
dues-year = Année
dues-due-on = Date d'échéance
dues-generate = Créer les cotisations de cette année pour tous les membres
dues-generated = Cotisations créées : { $count }. Membres sans montant : { $missing } (listés ci-dessous, avec ce qui manque).
dues-amount = Montant
dues-status = Statut
dues-paid-on = Payée le
dues-mark-paid = Enregistrer le paiement
dues-waive-or-postpone = Exonérer ou reporter
dues-reason = Motif
dues-waive = Exonérer
dues-until = Reportée jusqu'au
dues-postpone = Reporter
dues-fee-table = Barème des cotisations
dues-band = Tranche économique
dues-currency = Devise (ISO 4217, p. ex. USD)
dues-bands = Tranche économique de chaque pays
dues-bands-explained = La tranche 1 correspond aux économies aux revenus les plus élevés ; la cotisation annuelle d'un membre est le montant du barème correspondant à la tranche de son pays et à son type d'adhésion.
dues-due = À payer
dues-paid = Payée
dues-overdue = En retard
dues-waived = Exonérée
dues-postponed = Reportée
logo-title = Logo
logo-file = Fichier du logo (PNG, JPEG ou WebP, 1 Mo au maximum)
logo-upload = Téléverser le logo
status-change-title = Modifier le statut d'adhésion
status-change-to = Nouveau statut
status-warning = Avertissement (sans changement de statut)
status-note = Note (p. ex. la demande écrite ou la décision du comité)
event-warning = Avertissement
event-dues-paid = Cotisation payée
event-dues-waived = Cotisation exonérée
event-dues-postponed = Cotisation reportée
settings-title = Paramètres du réseau
settings-name = Nom du réseau
settings-short-name = Nom abrégé
settings-colour = Couleur principale (#rrggbb)
settings-languages = Langues proposées
settings-default-language = Langue par défaut
settings-time-zone = Fuseau horaire (p. ex. Asia/Seoul)
audit-title = Journal d'audit
audit-when = Quand
audit-who = Qui
audit-what = Action
audit-record = Enregistrement
audit-change = Avant → après
audit-system = système
error-title-413 = Trop volumineux
error-payload-too-large = Les données que vous avez envoyées sont trop volumineuses.
error-amount-invalid = Indiquez un montant tel que 1500 ou 1500.50.
error-band-invalid = Indiquez une tranche de 1 à 9.
error-colour-invalid = Indiquez une couleur au format #rrggbb.
error-currency-invalid = Indiquez un code de devise à trois lettres, tel que USD.
error-default-language = La langue par défaut doit faire partie des langues proposées.
error-dues-settled = Cette cotisation est déjà payée ou exonérée.
error-languages-none = Proposez au moins une langue.
error-logo-too-large = Le logo est trop volumineux (1 Mo au maximum).
error-logo-type = Le logo doit être une image PNG, JPEG ou WebP.
error-postpone-before-due = Choisissez une date de report postérieure à la date d'échéance.
error-time-zone-invalid = Indiquez un fuseau horaire tel que Asia/Seoul ou UTC.
error-wrong-type = Cette valeur n'est pas du bon type.
error-json-malformed = Le corps de la requête n'est pas un JSON valide.
note-application = par la demande d'adhésion
note-committee-decision = décision du comité de pilotage
note-import = importé
note-api = créé par l'API
translation-needs-review = Cette traduction a été faite à partir d'une version antérieure du texte et n'est peut-être plus à jour.
translation-review-name = Le nom a changé depuis cette traduction : veuillez la vérifier.
translation-review-description = La description a changé depuis cette traduction : veuillez la vérifier.
people-title = Personnes
people-role = Rôle
people-remove = Retirer de l'organisation
people-invite = Inviter une personne
done-invited = L'invitation est envoyée.
error-last-admin = L'organisation doit garder au moins un administrateur : nommez d'abord quelqu'un d'autre administrateur.
email-added-subject = { $network } : vous avez été ajouté·e à { $organisation }
email-added-body = Vous pouvez désormais agir pour { $organisation } sur { $network }. Votre compte : { $link }
dues-none = Aucune cotisation n'a encore été créée pour cette année.
settings-logo = Logo du réseau

## Forums and events
nav-events = Événements
nav-registrations = Mes inscriptions
events-title = Événements
events-views = Affichages
events-view-list = Liste
events-view-month = Mois
events-upcoming = À venir
events-past = Événements passés
events-none = Aucun événement à venir.
events-in-month = Événements de ce mois
calendar-month-title = { $month } { $year }
calendar-prev = Mois précédent
calendar-next = Mois suivant
weekday-0 = lun.
weekday-1 = mar.
weekday-2 = mer.
weekday-3 = jeu.
weekday-4 = ven.
weekday-5 = sam.
weekday-6 = dim.
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
forums-title = Éditions du forum
forums-intro = Toutes les éditions du forum, chacune dans une nouvelle ville hôte, avec son thème, son programme et ses résultats.
forums-map-title = Villes hôtes du forum
forums-map-desc = { $count ->
    [one] Une édition sur la carte.
   *[other] { $count } éditions sur la carte.
}
forums-table = Toutes les éditions, de la plus récente à la plus ancienne
event-kind-forum = Forum
event-kind-meeting = Réunion
event-kind-webinar = Webinaire
event-kind-training = Formation
event-kind-study_visit = Visite d'étude
event-mode-in_person = En présentiel
event-mode-online = En ligne
event-mode-hybrid = Hybride (en présentiel et en ligne)
event-status-planned = Prévu
event-status-proposals = Appel à propositions de sessions ouvert
event-status-registration = Inscriptions ouvertes
event-status-running = En cours
event-status-closed = Clôturé
event-register = S'inscrire
event-programme = { $count ->
    [one] Programme (1 session)
   *[other] Programme ({ $count } sessions)
}
event-ics = Ajouter à l'agenda (.ics)
event-manage = Gérer les inscriptions
field-capacity-short = Places
event-new = Nouvel événement
event-edit-title = Modifier l'événement
field-title = Titre
field-theme = Thème
field-kind = Type
field-mode = Format
field-dates = Dates
field-edition = Édition
error-host-unknown = Aucun membre n’a cette adresse web ; utilisez la fin de l’adresse de sa page, par exemple city-of-bordeaux.
field-hosts = Organisations hôtes
field-participants = Participants
field-seats-left = Places restantes
field-outcomes = Résultats
field-when = Quand
field-room = Salle
field-track = Axe thématique
field-format = Format de la session
field-starts-on = Premier jour
field-ends-on = Dernier jour
field-starts-at = Début
field-ends-at = Fin
field-time-zone = Fuseau horaire (IANA, p. ex. Europe/Lisbon)
field-venue = Lieu de l'événement
field-online-url = Lien de connexion
field-capacity = Capacité (vide s'il n'y a pas de limite)
field-waitlist = Ouvrir une liste d'attente quand l'événement est complet
field-registration-type = Type d'inscription
field-invitation-code = Code d'invitation
field-fee = Frais d'inscription
field-payment = Paiement
field-badge-code = Code du badge
field-registered = Inscrit le
programme-title = Programme
session-cancel-heading = Annuler cette session
session-cancel-explain = Une session annulée reste dans le programme, marquée comme annulée, et les agendas qui l’ont importée l’affichent comme annulée. Sa salle et ses intervenants deviennent libres pour d’autres sessions. Toutes les personnes qui l’avaient ajoutée à leur programme reçoivent un courriel.
session-cancel = Annuler la session
session-restore = Remettre la session au programme
session-cancelled-at = Cette session a été annulée le { $name }.
session-cancelled = Annulée
session-cancelled-notice = Cette session est annulée.
error-session-cancelled = Cette session est annulée.
email-session-cancelled-subject = Session annulée : { $question }
email-session-cancelled-body = La session « { $question } » de { $event }, qui était dans votre programme, est annulée. Votre inscription à { $event } reste valable : { $link }
programme-zone = Les horaires sont à l'heure locale de l'événement ({ $name }).
programme-back = Retour à l'événement
programme-days = Jours
programme-empty = Aucune session pour l'instant.
programme-mine = Mon programme
programme-mine-empty = Vous n'avez encore choisi aucune session.
programme-choose = Choisir des sessions
programme-ics = Mon programme dans mon agenda (.ics)
programme-add = Ajouter à mon programme
programme-remove = Retirer
programme-in-mine = Dans mon programme
session-languages = Langues
session-interpretation = Interprétation vers
session-people = Intervenants et modérateurs
session-places-left = { $count ->
    [one] 1 place restante
   *[other] { $count } places restantes
}
session-capacity = { $count ->
    [one] limité à 1 place
   *[other] limité à { $count } places
}
session-edit = Modifier la session
session-new = Ajouter une session
session-format-plenary = Plénière
session-format-panel = Panel
session-format-workshop = Atelier
session-format-talk = Exposé
session-format-roundtable = Table ronde
session-format-study_visit = Visite d'étude
speaker-role-speaker = Intervenant
speaker-role-moderator = Modérateur
register-title = Inscription
register-already-mine = Vous êtes déjà inscrit : consultez votre inscription.
register-seats-left = { $count ->
    [one] Il reste 1 place.
   *[other] Il reste { $count } places.
}
register-full-waitlist = Toutes les places sont prises : vous pouvez vous inscrire sur la liste d'attente, et une place vous sera attribuée automatiquement dès que l'une d'elles se libère.
register-members-only = délégués des membres
register-needs-code = code d'invitation requis
register-organisation = Organisation membre que vous représentez
register-no-organisation = Aucune
register-privacy = Votre nom et votre courriel ne sont visibles que par vous et les organisateurs.
register-submit = S'inscrire
fee-free = gratuit
registration-title = Mon inscription
registration-state-confirmed = Confirmée : vous avez une place.
registration-state-waitlisted = Sur liste d'attente.
registration-state-cancelled = Annulée.
registration-waitlist-position = position { $count }
registration-keep-link = Conservez l'adresse de cette page : c'est votre lien personnel vers votre inscription. Nous vous l'avons aussi envoyée par courriel.
registration-badge = Badge
registration-qr = Code QR du badge { $name }
registration-print-badge = Imprimer mon badge
registration-certificate = Attestation de participation
registration-cancel-title = Annuler
registration-cancel-explain = Si vous ne pouvez pas venir, annulez : votre place ira à la personne suivante sur la liste d'attente.
registration-cancel = Annuler mon inscription
registrations-mine = Mes inscriptions
registrations-none = Vous n'avez encore aucune inscription.
registrations-title = Inscriptions
registrations-csv = Exporter les inscriptions (CSV)
payment-none = sans frais
payment-due = à régler
payment-paid = réglé
payment-at_venue = à régler sur place
payment-waived = exonéré
badge-title = Badge de { $name }
badges-title = Badges : { $name }
badges-sheet = Planche de badges
badges-print-hint = Imprimez cette page : chaque badge occupe un quart de feuille A4.
certificate-title = Attestation de participation
certificate-this-certifies = Nous attestons que
certificate-attended = a participé à
certificate-issued = délivrée le { $name }
checkin-title = Accueil des participants
checkin-submit = Enregistrer l'arrivée
checkin-done = Arrivée enregistrée.
checkin-already = Arrivée déjà enregistrée le { $name }.
checkin-no-seat-waitlisted = Pas de place : cette personne est sur liste d'attente.
checkin-no-seat-cancelled = Pas de place : cette inscription a été annulée.
checkin-not-found = Aucun badge avec ce code pour cet événement.
checkin-count = Arrivées
checkin-figures = Arrivées enregistrées jusqu'ici
ics-my-programme = Mon programme : { $name }
done-registered = Vous êtes inscrit. Votre place est confirmée.
done-waitlisted = Vous êtes sur la liste d'attente. Nous vous écrirons dès qu'une place se libère.
done-cancelled = Votre inscription est annulée.
error-already-cancelled = Cette inscription a déjà été annulée.
error-already-registered = Cette adresse électronique est déjà inscrite à cet événement.
error-capacity-below-booked = La capacité ne peut pas être inférieure au nombre de places déjà prises.
error-capacity-below-confirmed = La capacité ne peut pas être inférieure au nombre de places déjà confirmées.
error-capacity-invalid = Indiquez un nombre entier égal ou supérieur à 0, ou laissez vide s'il n'y a pas de limite.
error-choice-invalid = Choisissez l'une des options proposées.
error-code-taken = Ce code est déjà utilisé pour cet événement.
error-ends-before-start = La fin doit être postérieure au début.
error-event-full = Cet événement est complet et ne tient pas de liste d'attente.
error-invitation-invalid = Ce code d'invitation n'est pas valide pour ce type d'inscription.
error-invitation-used-up = Ce code d'invitation a déjà été utilisé le nombre de fois autorisé.
error-language-invalid = Choisissez des langues parmi le coréen, l'anglais, le français et l'espagnol.
error-not-confirmed = Seuls les participants dont la place est confirmée peuvent effectuer cette action.
error-not-checked-in = L'attestation est disponible une fois le badge enregistré à l'accueil.
error-registration-closed = Les inscriptions à cet événement ne sont pas ouvertes.
error-room-double-booked = Cette salle accueille déjà une autre session à ce moment-là.
error-session-full = Cette session est complète.
error-session-outside-event = La session doit avoir lieu pendant les jours de l'événement.
error-speaker-double-booked = Un intervenant ou un modérateur participe déjà à une autre session à ce moment-là.
error-time-invalid = Indiquez une date et une heure (AAAA-MM-JJ HH:MM).
error-time-nonexistent = Cette heure n'existe pas dans le fuseau horaire de l'événement (changement d'heure cette nuit-là).
error-try-again = Une autre modification a eu lieu au même moment ; veuillez renvoyer le formulaire.
error-type-members-only = Ce type d'inscription est réservé aux délégués des organisations membres : choisissez votre organisation.
error-year-invalid = Indiquez une année, par exemple 2027.
email-registration-confirmed-subject = Votre inscription : { $event }
email-registration-confirmed-body = Votre place pour { $event } est confirmée.

    Votre inscription, votre badge et votre programme : { $link }

    Gardez ce lien pour vous : il ouvre votre inscription sans mot de passe. Si vous ne pouvez pas venir, annulez votre inscription depuis cette page, afin que votre place revienne à une personne de la liste d'attente.

    { $network }
email-registration-waitlisted-subject = Vous êtes sur la liste d'attente : { $event }
email-registration-waitlisted-body = L'événement { $event } est complet, et vous êtes sur la liste d'attente. Dès qu'une place se libère, elle est pour vous : nous vous écrirons.

    Votre inscription : { $link }

    { $network }
email-registration-promoted-subject = Une place vous est attribuée : { $event }
email-registration-promoted-body = Une place s'est libérée pour { $event }, et elle est désormais la vôtre : votre inscription est confirmée.

    Votre inscription, votre badge et votre programme : { $link }

    { $network }
email-registration-cancelled-subject = Inscription annulée : { $event }
email-registration-cancelled-body = Votre inscription à { $event } est annulée. S'il s'agit d'une erreur, vous pouvez vous inscrire à nouveau : { $link }

    { $network }

## Call for proposals
proposal-call-open = L'appel à propositions de sessions est ouvert aux membres.
proposal-new-title = Proposer une session
proposal-mine = Vos propositions
proposal-organisation = Organisation
proposal-submit = Envoyer la proposition
proposals-title = Propositions de sessions
proposals-none = Aucune proposition pour l'instant.
proposal-score = Note moyenne
proposal-reviews = Évaluations
proposal-no-reviews = Aucune évaluation pour l'instant.
proposal-your-score = Votre note (de 1 à 5)
proposal-comment = Commentaire
proposal-review-save = Enregistrer mon évaluation
proposal-decide = Décision
proposal-accept = Accepter et programmer comme session
proposal-reject = Refuser
proposal-decision-note = Message à l'auteur de la proposition
proposal-see-session = voir la session
proposal-state-submitted = Envoyée
proposal-state-accepted = Acceptée
proposal-state-rejected = Non retenue
proposal-state-withdrawn = Retirée
done-proposal-submitted = Votre proposition a été envoyée. Les évaluateurs vont la lire.
error-organisation-not-member = Seules les organisations membres peuvent proposer des sessions.
error-proposals-closed = Cet événement ne reçoit pas de propositions de sessions.
error-proposal-decided = Une décision a déjà été prise sur cette proposition.
error-score-invalid = Donnez une note de 1 à 5.
email-proposal-accepted-subject = Votre proposition est acceptée : { $event }
email-proposal-accepted-body = Votre proposition de session « { $question } » pour { $event } est acceptée et figure au programme : { $link }

    { $reference }

    { $network }
email-proposal-rejected-subject = Votre proposition : { $event }
email-proposal-rejected-body = Merci pour votre proposition de session « { $question } » pour { $event }. Les organisateurs n'ont pas pu la retenir pour le programme.

    { $reference }

    { $network }

## Event setup and delegations
setup-title = Préparer l'événement
setup-tracks = Parcours
setup-rooms = Salles
setup-speakers = Intervenants et modérateurs
setup-types = Types d'inscription
setup-questions = Questions du formulaire d'inscription
setup-invitations = Codes d'invitation
setup-roles = Organisateurs, évaluateurs et accueil
setup-translations = Traductions de l'événement
setup-add = Ajouter
setup-edit = Modifier
setup-editing = Vous modifiez une entrée existante ; les sessions qui l’utilisent affichent le changement.
setup-edit-stop = En ajouter une nouvelle à la place
setup-item-translations = Traductions des parcours, types d’inscription, questions et biographies
setup-item-track = Parcours : { $name }
setup-item-type = Type d’inscription : { $name }
setup-item-label = Question : { $name }
setup-item-options = Options de la question : { $name }
setup-item-bio = Biographie de { $name }
setup-item-text-help = Pour les options d’une question, une option traduite par ligne, dans le même ordre. Un texte vide supprime la traduction.
field-item = Élément à traduire
error-options-count = Donnez une option traduite par ligne, autant que la question en compte.
setup-remove = Supprimer
error-track-in-use = Des sessions ou des propositions sont dans ce parcours : déplacez-les d’abord dans un autre parcours.
error-form-changed = Le formulaire d’inscription a changé pendant votre envoi. Vérifiez vos réponses et envoyez-le à nouveau.
error-room-in-use = Des sessions ont lieu dans cette salle : déplacez-les d’abord dans une autre salle.
error-speaker-in-use = Cette personne intervient ou modère dans des sessions : retirez-la d’abord de ces sessions.
error-type-in-use = Des personnes se sont inscrites avec ce type, ou un code d’invitation le donne : il ne peut pas être supprimé.
error-question-options-answered = Des personnes ont déjà répondu à cette question : son type et ses options ne peuvent plus changer (son libellé, si).
error-question-in-use = Des personnes ont déjà répondu à cette question : elle ne peut pas être supprimée.
error-invitation-in-use = Ce code a déjà été utilisé : il ne peut pas être supprimé.
setup-revoke = Retirer
setup-revoke-named = Retirer ce rôle à { $name }
setup-any-type = tout type d'inscription
setup-used = utilisé { $used } fois sur { $max }
field-code = Code (lettres, chiffres et traits d'union)
field-organisation-name = Organisation telle qu'affichée
field-bio = Courte biographie
field-photo = Photo (PNG, JPEG ou WebP, 2 Mo au plus)
field-fee-amount = Frais (vide si gratuit)
field-currency = Devise (ISO 4217, par ex. EUR)
field-members-only = Réservé aux délégués des organisations membres
field-requires-code = Nécessite un code d'invitation
field-label = Question
field-options = Options, une par ligne (questions à choix, régime alimentaire, interprétation)
field-required = Obligatoire
field-max-uses = Nombre d'utilisations possibles
field-note = Note
field-role = Rôle
field-field = Champ
field-language = Langue
field-text = Texte
question-kind-text = Texte libre
question-kind-choice = Choix
question-kind-dietary = Régime alimentaire
question-kind-accessibility = Besoins d'accessibilité
question-kind-interpreting = Langue d'interprétation
event-role-organiser = Organisateur
event-role-checkin = Accueil (enregistrement)
event-role-reviewer = Évaluateur des propositions
error-no-such-account = Aucun compte n'a cette adresse. Demandez d'abord à la personne d'en créer un.
error-photo-too-large = La photo est trop lourde (2 Mo au plus).
error-photo-type = La photo doit être une image PNG, JPEG ou WebP.
register-delegation = Délégation de { $name }
register-delegation-empty = Personne de votre organisation n'est encore inscrit.
register-delegation-how = Pour inscrire un membre de votre délégation, remplissez le formulaire ci-dessous avec son nom et son courriel et choisissez votre organisation : il recevra son propre lien et son badge.
category-by-secretariat = modifiée par le secrétariat
event-category = Catégorie modifiée
event-new-title = Nouvel événement
field-code-optional = Code (facultatif : fait à partir du nom si vide)
account-settings = Préférences
account-time-zone = Fuseau horaire
account-time-zone-hub = Le fuseau du hub ({ $name })
account-time-zone-hint = Les dates et heures sont affichées dans ce fuseau, dont le nom les accompagne.
todo-title = À faire
nav-todo = À faire
todo-nothing = Rien ne vous attend pour l'instant.
todo-none = Aucun.
todo-more = et { $count } de plus
todo-applications = { $count ->
    [one] Une demande d'adhésion attend
   *[other] { $count } demandes d'adhésion attendent
}
todo-ack-by = accuser réception avant le { $name }
todo-ack-late = accusé de réception en retard depuis le { $name }
todo-signatures = { $count ->
    [one] Une signature à vérifier
   *[other] { $count } signatures à vérifier
}
todo-proposals = { $count ->
    [one] Une proposition de session à examiner
   *[other] { $count } propositions de session à examiner
}
todo-dues = { $count ->
    [one] Une cotisation en retard
   *[other] { $count } cotisations en retard
}
todo-due-on = échéance le { $name }
todo-review = { $count ->
    [one] Un document attend sa relecture
   *[other] { $count } documents attendent leur relecture
}
todo-votes = { $count ->
    [one] Un vote ouvert où votre organisation n'a pas voté
   *[other] { $count } votes ouverts où votre organisation n'a pas voté
}
todo-closes = clôture { $name }
todo-sign = { $count ->
    [one] Une déclaration que votre organisation n'a pas signée
   *[other] { $count } déclarations que votre organisation n'a pas signées
}
todo-drafts = { $count ->
    [one] Un document de votre organisation n'est pas publié
   *[other] { $count } documents de votre organisation ne sont pas publiés
}
todo-registrations = { $count ->
    [one] Une inscription à un événement à venir
   *[other] { $count } inscriptions à des événements à venir
}
home-events = Forums et événements
home-more-events = Tous les événements
home-votes = Votes en cours
home-library = Nouveautés de la bibliothèque
home-more-library = Toute la bibliothèque
home-declarations = Dernières déclarations
field-member-organisation = Organisation membre
field-member-organisation-none = Aucune (saisissez l'organisation ci-dessous)
field-owner-none = Aucune (document du réseau)
field-organisation = Organisation membre
dues-unpriced = Membres sans montant
dues-unpriced-none = Chaque membre a un montant.
dues-no-band = son pays n'a pas de tranche
dues-no-rule = pas de montant pour sa catégorie dans la tranche { $name }
dues-set-band = fixer la tranche
dues-bands-bulk = Fixer la tranche de plusieurs pays
dues-bands-bulk-hint = Choisissez un continent, ou collez des codes ou noms de pays séparés par des virgules ou des lignes (p. ex. KR, France, Sénégal).
field-continent-all = Tous les pays d'un continent
field-countries = Pays
field-bands-band = Tranche
dues-bands-set = Tranche fixée pour { $count } pays.
error-countries-unknown = Pays inconnus : { $name }
error-countries-required = Choisissez un continent ou indiquez des pays.
dues-line = ligne { $name }
dues-none-org = Aucune cotisation pour l'instant.
applications-organisation = L'organisation
register-members-only-login = Les personnes d'une organisation membre peuvent choisir ce type une fois connectées.
register-members-only-affiliation = Ce type est réservé aux comptes d'une organisation membre : demandez à l'administrateur de votre organisation de vous ajouter.
profile-mandates = Sièges dans les instances
profile-since = depuis le { $name }
profile-signatures = Déclarations signées
profile-events = Événements organisés
profile-library = Dans la bibliothèque
event-declarations = Déclarations adoptées ici
event-library = Documents
declaration-adopted-at = Adoptée lors de
apply-classes = Catégories de membres et cotisations
apply-fees-explained = Les membres de plein droit et associés versent une cotisation annuelle. Son montant dépend de la tranche économique du pays (la tranche 1 regroupe les économies aux revenus les plus élevés) et de la catégorie ; un membre de plein droit compte une fois sa première cotisation versée après l'approbation. Les membres d'honneur ne cotisent pas.
apply-fees = Cotisations annuelles par tranche de pays
apply-charter = Lire la charte à laquelle cette demande engage
field-payment-instructions = Comment payer
payment-instructions-hint = Affiché à côté des types d’inscription payants et repris dans le courriel de confirmation : coordonnées bancaires, facture sur demande, paiement sur place.
payment-instructions-none = Les organisateurs vous écriront pour vous dire comment payer.
email-payment-due = Montant dû : { $amount }. Comment payer :
field-letter = Lettre de candidature signée
apply-letter-hint = Un PDF ou un scan (PNG, JPEG ou WebP), 5 Mo au plus. Facultatif, mais l’examen en est plus rapide.
apply-letter-kept = { $name } a bien été reçu et sera envoyé avec la candidature, sauf si vous choisissez un autre fichier.
error-letter-type = Seul un PDF ou une image (PNG, JPEG ou WebP) est accepté ; le contenu de ce fichier n’est ni l’un ni l’autre.
error-letter-too-large = Le fichier est trop volumineux : 5 Mo au plus.
applications-no-letter = Aucune jointe
settings-translate-name = Traduire le nom du réseau
mentions-title = Cités ici, ou qui citent cette page
mention-kind-library = Bibliothèque
mention-kind-event = Événement
mention-kind-declaration = Déclaration
registration-join-title = Participer en ligne
registration-join = Rejoindre l’événement en ligne
registration-join-private = Ce lien est réservé aux participants confirmés ; merci de ne pas le partager.
email-join-online = Participer en ligne : { $name }
