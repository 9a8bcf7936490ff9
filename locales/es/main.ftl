# Pumasi — cadenas de la interfaz en español. Cada clave debe existir también en ko, en y fr (una prueba lo comprueba).

## Navigation and layout
nav-skip = Ir al contenido
nav-main = Menú principal
nav-home = Inicio
nav-members = Miembros
nav-map = Mapa
nav-stats = Estadísticas
nav-apply = Solicitar la membresía
nav-applications = Solicitudes
nav-login = Iniciar sesión
nav-logout = Cerrar sesión
nav-group-members = Miembros
nav-group-events = Eventos
nav-group-knowledge = Conocimiento
nav-group-secretariat = Secretaría
nav-directory = Directorio
nav-bodies = Órganos y mandatos
nav-library-work = Tareas de la biblioteca
nav-languages = Idiomas
nav-api = API
footer-powered = Funciona con Pumasi, software libre para redes solidarias
language-ko = coreano
language-en = inglés
language-fr = francés
language-es = español
shown-in = Se muestra en { $name }: aún no hay traducción.
fictional = ficticia
fictional-long = Organización ficticia, parte de los datos de demostración.
logo-of = Logotipo de { $name }

## Home, directory, map, statistics
home-title = Inicio
home-sentence = { $members ->
    [one] { $members } miembro
   *[other] { $members } miembros
  } de { $countries ->
    [one] { $countries } país
   *[other] { $countries } países
  } en { $continents ->
    [one] { $continents } continente
   *[other] { $continents } continentes
  }, entre ellos { $localgov ->
    [one] { $localgov } gobierno local
   *[other] { $localgov } gobiernos locales
  } y { $sse ->
    [one] { $sse } red de la ESS
   *[other] { $sse } redes de la ESS
  }, además de { $honorary ->
    [one] { $honorary } miembro honorario
   *[other] { $honorary } miembros honorarios
  }
home-recent = Miembros más recientes
home-directory = Ver todos los miembros
members-count = { $count ->
    [one] { $count } miembro
   *[other] { $count } miembros
  }
directory-title = Directorio de miembros
directory-count = { $count ->
    [0] Ninguna organización coincide.
    [one] { $count } organización
   *[other] { $count } organizaciones
  }
filter-text = Nombre o ciudad
filter-continent = Continente
filter-country = País
filter-category = Categoría
filter-class = Tipo de membresía
filter-college = Colegio
filter-language = Idioma de trabajo
filter-status = Estado
filter-sort = Ordenar por
filter-any = Todos
filter-apply = Filtrar
filter-reset = Borrar filtros
sort-name = Nombre
sort-country = País
sort-newest = Miembros más recientes primero
pager-label = Páginas
pager-prev = Anterior
pager-next = Siguiente
map-title = Dónde están nuestros miembros
map-more = Mapa con todos los miembros
stats-title = Estadísticas de membresía
stats-members = Miembros
stats-by-continent = Miembros por continente
stats-by-category = Miembros por categoría
stats-by-class = Miembros por tipo de membresía
stats-by-country = Miembros por país
stats-as-table = Mostrar como tabla
continent-africa = África
continent-americas = América
continent-asia = Asia
continent-europe = Europa
continent-oceania = Oceanía
continent-antarctica = Antártida

## Organisations
class-full = Miembro de pleno derecho
class-allied = Miembro aliado
class-honorary = Miembro honorario
class-full-explained = Miembro de pleno derecho (vota y puede ser elegido)
class-allied-explained = Miembro aliado (participa, sin voto)
class-honorary-explained = Miembro honorario (designado por el comité directivo)
status-applicant = Solicitante
status-member = Miembro
status-suspended = Suspendido
status-withdrawn = Retirado
status-disqualified = Excluido
status-rejected = Solicitud rechazada
field-name = Nombre
field-slug = Dirección web (opcional: se crea a partir del nombre si se deja vacía)
field-base-language = Idioma de los textos
field-category = Categoría
field-class = Tipo de membresía
field-class-requested = Tipo de membresía solicitado
field-status = Estado
field-college = Colegio electoral
field-country = País
field-city = Ciudad
field-place = Lugar
field-latitude = Latitud
field-longitude = Longitud
field-website = Sitio web
field-languages = Idiomas de trabajo
field-languages-codes = Idiomas de trabajo (códigos como ko;en)
field-description = Descripción
field-joined = Miembro desde
field-leader = Máxima autoridad ejecutiva
field-leader-name = Máxima autoridad ejecutiva
field-leader-title = Cargo de la máxima autoridad
field-leader-email = Correo electrónico de la máxima autoridad
field-focal = Punto focal de enlace
field-focal-name = Punto focal de enlace
field-focal-email = Correo electrónico del punto focal
field-focal-phone = Teléfono del punto focal
field-email = Correo electrónico
field-password = Contraseña
field-password-current = Contraseña actual
field-password-new = Nueva contraseña (al menos 10 caracteres)
field-password-confirm = Repita la nueva contraseña
field-contact-name = Persona de contacto
field-contact-email = Correo electrónico de la persona de contacto
field-economic-index = Índice económico usado para la cuota (p. ej., franja de PIB per cápita)
field-statement = El trabajo de su organización en la economía social y solidaria
field-signatory-name = Firmante autorizado (alcalde, director general…)
field-signatory-title = Cargo del firmante
field-signatory-confirmed = El firmante autorizado confirma esta solicitud y la carta.
private-contacts = Contactos privados (solo la secretaría y la organización)
history-title = Historial de membresía
profile-edit = Editar perfil
translation-into = Traducción: { $name }
org-role-member = miembro
org-role-editor = editor
org-role-admin = administrador
role-person = Persona
role-secretariat = Secretaría
role-admin = Administrador
event-created = Creación
event-status = Cambio de estado
event-application-acknowledged = Acuse de recibo de la solicitud
event-application-info_requested = Información adicional solicitada
event-college = Colegio asignado
event-first_fee = Primera cuota pagada

## Membership application
apply-title = Solicitud de membresía
apply-intro = La secretaría acusa recibo de cada solicitud en un plazo de 5 días hábiles. Después, el comité directivo toma la decisión.
apply-organisation = Su organización
apply-people = Personas
apply-commitment = Compromiso
apply-submit = Enviar la solicitud
application-submitted = Enviada
application-acknowledged = Recibo acusado
application-info-requested = Información solicitada
application-approved = Aprobada
application-rejected = Rechazada
applications-title = Solicitudes de membresía
applications-state = Situación
applications-ack-due = Acusar recibo antes del
applications-acknowledge = Acusar recibo
applications-question = Pregunta al solicitante
applications-request-info = Pedir más información
applications-decision = Decisión del comité directivo
applications-decided-on = Fecha de la decisión
applications-reference = Referencia de la decisión
applications-approve = Registrar la aprobación
applications-reject = Registrar el rechazo
applications-assign-college = Asignar colegio
applications-first-fee = Primera cuota pagada el
applications-record-fee = Registrar la primera cuota
applications-fee-rule = Un miembro de pleno derecho cuenta como miembro una vez pagada su primera cuota.
applications-profile = Perfil de la organización
days-left = { $count ->
    [one] Queda { $count } día hábil
   *[other] Quedan { $count } días hábiles
  }
days-late = { $count ->
    [one] { $count } día hábil de retraso
   *[other] { $count } días hábiles de retraso
  }

## Accounts
login-title = Iniciar sesión
login-submit = Iniciar sesión
login-forgot = ¿Olvidó su contraseña?
account-title = Mi cuenta
account-role = Rol
account-organisations = Mis organizaciones
password-change-title = Cambiar la contraseña
sessions-title = Mis sesiones
sessions-started = Iniciada
sessions-last-seen = Última actividad
sessions-address = Dirección
sessions-actions = Acciones
sessions-current = Esta sesión
sessions-end = Cerrar esta sesión
forgot-title = Restablecer la contraseña
forgot-submit = Envíenme un enlace
forgot-sent = Si hay una cuenta con esta dirección, le hemos enviado un enlace para elegir una nueva contraseña. El enlace es válido durante 2 horas.
reset-title = Elija una nueva contraseña
reset-expired = Este enlace ha caducado o ya se ha utilizado.
form-save = Guardar
form-choose = Elegir…
form-has-errors = Corrija lo siguiente:

## Confirmations
done-logged-out = Ha cerrado la sesión.
done-session-ended = La sesión se ha cerrado.
done-password-changed = Su contraseña se ha cambiado. Sus otras sesiones se han cerrado.
done-password-reset = Su contraseña se ha cambiado. Ya puede iniciar sesión.
done-application-received = Gracias. Hemos recibido su solicitud; acusaremos recibo en un plazo de 5 días hábiles.
done-saved = Guardado.

## Errors
error-title-400 = Solicitud incorrecta
error-title-401 = Inicie sesión
error-title-403 = Acción no permitida
error-title-404 = Página no encontrada
error-title-409 = Conflicto
error-title-410 = Caducado
error-title-422 = Revise el formulario
error-title-429 = Demasiados intentos
error-title-500 = Algo salió mal
error-title-415 = Formato no admitido
error-json-media-type = Envíe el cuerpo como JSON (Content-Type: application/json).
error-title-503 = No se puede guardar ahora
error-unavailable = El hub no puede guardar nada ahora (su almacenamiento está lleno o es de solo lectura). No se guardó nada; vuelva a intentarlo en unos minutos.
error-not-found = No encontramos esta página.
error-unauthorized = Inicie sesión para continuar.
error-forbidden = No tiene permiso para hacer esto.
error-csrf = Este formulario ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-too-many = Demasiados intentos. Espere 15 minutos e inténtelo de nuevo.
error-too-many-account = Esta cuenta ha recibido demasiados intentos fallidos desde otros lugares. Inicie sesión desde un dispositivo que ya haya usado o espere 15 minutos.
error-internal = Algo salió mal por nuestra parte. Inténtelo de nuevo más tarde.
error-invalid = Algunos valores no son válidos.
error-invalid-value = Este valor no es válido.
error-required = Este campo es obligatorio.
error-too-long = Es demasiado largo.
error-control-chars = Contiene caracteres no permitidos.
error-email-invalid = Esta dirección de correo electrónico no es válida.
error-slug-invalid = Use letras minúsculas, cifras y guiones (de 2 a 80 caracteres).
error-slug-taken = Esta dirección web ya está en uso. Elija otra o deje el campo vacío para crearla a partir del nombre.
error-name-taken = Ya existe una organización con este nombre en esta ciudad.
error-url-invalid = Indique una dirección web completa que empiece por https://.
error-coordinates-invalid = La latitud debe estar entre −90 y 90, y la longitud entre −180 y 180.
error-date-invalid = Indique la fecha con el formato AAAA-MM-DD.
error-code-invalid = Este código no es válido.
error-languages-invalid = Indique códigos de idioma de dos letras separados por ; (por ejemplo ko;en).
error-locale-invalid = Elija coreano, inglés, francés o español.
error-category-invalid = Elija una categoría de la lista.
error-class-invalid = Elija un tipo de membresía de la lista.
error-status-invalid = Este estado no existe.
error-college-invalid = Elija un colegio de la lista.
error-college-full-only = Solo los miembros de pleno derecho pertenecen a un colegio electoral.
error-country-invalid = Este código de país no es conocido.
error-boolean-invalid = Use true o false.
error-field-unknown = Este campo no existe.
error-translation-base = Una traducción no puede estar en el idioma original del texto.
error-edit-conflict = Otra persona ha modificado esto mientras tanto. Recargue la página para ver sus cambios.
error-status-transition = Este cambio de estado no está permitido desde el estado actual.
error-application-state = Esta solicitud ya se ha resuelto o no puede pasar a este paso ahora.
error-fee-already-recorded = La primera cuota ya se ha registrado.
error-confirmation-required = Se requiere la confirmación del firmante.
error-email-taken = Ya existe una cuenta con este correo electrónico.
error-backup-postgres = Con PostgreSQL, haga la copia de seguridad con pg_dump.
error-csv-utf8 = Esta línea no es texto UTF-8 válido.
error-csv-malformed = Esta línea no es CSV válido.
error-csv-too-many-columns = El archivo tiene demasiadas columnas.
error-csv-header = El encabezado no coincide con ningún conjunto de columnas conocido.
error-csv-field-count = Esta línea tiene un número de campos distinto al del encabezado.
error-slug-duplicate-in-file = Esta dirección web aparece dos veces en el archivo.
error-name-duplicate-in-file = Esta organización aparece dos veces en el archivo.
error-login-failed = El correo electrónico o la contraseña no son correctos.
error-password-short = La contraseña debe tener al menos 10 caracteres.
error-password-wrong = La contraseña actual no es correcta.
error-password-mismatch = Las dos contraseñas no coinciden.

## Emails
email-application-received-subject = { $network }: hemos recibido su solicitud
email-application-received-body = Gracias por solicitar la membresía de { $organisation }. La secretaría acusará recibo de su solicitud en un plazo de 5 días hábiles.
email-application-acknowledged-subject = { $network }: su solicitud está en revisión
email-application-acknowledged-body = La secretaría ha acusado recibo de la solicitud de { $organisation }. El comité directivo tomará una decisión al respecto.
email-application-info-subject = { $network }: necesitamos más información
email-application-info-body = Para continuar con la solicitud de { $organisation }, la secretaría pregunta: { $question }
email-application-rejected-subject = { $network }: decisión sobre su solicitud
email-application-rejected-body = El comité directivo no aprobó la solicitud de { $organisation } (referencia { $reference }).
email-password-reset-subject = { $network }: elija una nueva contraseña
email-password-reset-body = Abra este enlace para elegir una nueva contraseña (válido durante 2 horas): { $link } — Si no lo solicitó, ignore este correo.
email-invitation-subject = { $network }: le damos la bienvenida, su organización ya es miembro
email-invitation-body = Se aprobó la membresía de su organización y usted es su administrador. Abra este enlace para elegir su contraseña (válido durante 7 días): { $link }

## Secretariat and administration
nav-dues = Cuotas
nav-admin = Administración
dues-title = Cuotas
dues-year = Año
dues-due-on = Fecha de vencimiento
dues-generate = Crear las cuotas de este año para todos los miembros
dues-generated = Cuotas creadas: { $count }. Miembros sin importe: { $missing } (en la lista de abajo, con lo que falta).
dues-amount = Importe
dues-status = Estado
dues-paid-on = Pagada el
dues-mark-paid = Registrar el pago
dues-waive-or-postpone = Eximir o aplazar
dues-reason = Motivo
dues-waive = Eximir
dues-until = Aplazada hasta el
dues-postpone = Aplazar
dues-fee-table = Tabla de cuotas
dues-band = Franja económica
dues-currency = Moneda (ISO 4217, p. ej., USD)
dues-bands = Franja económica de cada país
dues-bands-explained = La franja 1 corresponde a las economías de ingresos más altos; la cuota anual de un miembro es el importe de la tabla de cuotas para la franja de su país y su tipo de membresía.
dues-due = Pendiente
dues-paid = Pagada
dues-overdue = Vencida
dues-waived = Exenta
dues-postponed = Aplazada
logo-title = Logotipo
logo-file = Archivo del logotipo (PNG, JPEG o WebP, 1 MB como máximo)
logo-upload = Subir el logotipo
status-change-title = Cambiar el estado de membresía
status-change-to = Nuevo estado
status-warning = Advertencia (sin cambio de estado)
status-note = Nota (p. ej., la solicitud escrita o la decisión del comité)
event-warning = Advertencia
event-dues-paid = Cuota pagada
event-dues-waived = Cuota eximida
event-dues-postponed = Cuota aplazada
settings-title = Configuración de la red
settings-name = Nombre de la red
settings-short-name = Nombre corto
settings-colour = Color principal (#rrggbb)
settings-languages = Idiomas ofrecidos
settings-default-language = Idioma predeterminado
settings-time-zone = Zona horaria (p. ej., Asia/Seoul)
audit-title = Registro de auditoría
audit-when = Cuándo
audit-who = Quién
audit-what = Acción
audit-record = Registro
audit-change = Antes → después
audit-system = sistema
error-title-413 = Demasiado grande
error-payload-too-large = Lo que envió es demasiado grande.
error-amount-invalid = Indique un importe como 1500 o 1500.50.
error-band-invalid = Indique una franja del 1 al 9.
error-colour-invalid = Indique un color con el formato #rrggbb.
error-currency-invalid = Indique un código de moneda de tres letras, como USD.
error-default-language = El idioma predeterminado debe ser uno de los idiomas ofrecidos.
error-dues-settled = Esta cuota ya está pagada o exenta.
error-languages-none = Ofrezca al menos un idioma.
error-logo-too-large = El logotipo es demasiado grande (1 MB como máximo).
error-logo-type = El logotipo debe ser una imagen PNG, JPEG o WebP.
error-postpone-before-due = Aplace a una fecha posterior a la de vencimiento.
error-time-zone-invalid = Indique una zona horaria como Asia/Seoul o UTC.
error-wrong-type = Este valor no es del tipo correcto.
error-json-malformed = El cuerpo de la solicitud no es JSON válido.
note-application = mediante la solicitud de membresía
note-committee-decision = decisión del comité directivo
note-import = importado
note-api = creado mediante la API
translation-needs-review = Esta traducción se hizo a partir de una versión anterior del texto y puede estar desactualizada.
translation-review-name = El nombre cambió después de esta traducción: revísela, por favor.
translation-review-description = La descripción cambió después de esta traducción: revísela, por favor.
people-title = Personas
people-role = Función
people-remove = Quitar de la organización
people-invite = Invitar a una persona
done-invited = La invitación está en camino.
error-last-admin = La organización debe conservar al menos un administrador: nombre primero a otra persona como administradora.
email-added-subject = { $network }: se le ha añadido a { $organisation }
email-added-body = Ya puede actuar en nombre de { $organisation } en { $network }. Su cuenta: { $link }
dues-none = Todavía no se han creado cuotas para este año.
settings-logo = Logotipo de la red

## Forums and events
nav-events = Eventos
nav-registrations = Mis inscripciones
events-title = Eventos
events-views = Vistas
events-view-list = Lista
events-view-month = Mes
events-upcoming = Próximos eventos
events-past = Eventos pasados
events-none = No hay próximos eventos.
events-in-month = Eventos de este mes
calendar-month-title = { $month } de { $year }
calendar-prev = Mes anterior
calendar-next = Mes siguiente
weekday-0 = lun
weekday-1 = mar
weekday-2 = mié
weekday-3 = jue
weekday-4 = vie
weekday-5 = sáb
weekday-6 = dom
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
forums-title = Ediciones del foro
forums-intro = Todas las ediciones del foro, cada una en una nueva ciudad anfitriona, con su tema, su programa y sus resultados.
forums-map-title = Ciudades anfitrionas del foro
forums-map-desc = { $count ->
    [one] Una edición en el mapa.
   *[other] { $count } ediciones en el mapa.
}
forums-table = Todas las ediciones, de la más reciente a la más antigua
event-kind-forum = Foro
event-kind-meeting = Reunión
event-kind-webinar = Seminario web
event-kind-training = Formación
event-kind-study_visit = Visita de estudio
event-mode-in_person = Presencial
event-mode-online = En línea
event-mode-hybrid = Híbrido (presencial y en línea)
event-status-planned = Previsto
event-status-proposals = Abierto a propuestas de sesiones
event-status-registration = Inscripción abierta
event-status-running = En curso
event-status-closed = Cerrado
event-register = Inscribirse
event-programme = { $count ->
    [one] Programa (1 sesión)
   *[other] Programa ({ $count } sesiones)
}
event-ics = Añadir al calendario (.ics)
event-manage = Gestionar las inscripciones
field-capacity-short = Plazas
event-new = Nuevo evento
event-edit-title = Editar el evento
field-title = Título
field-theme = Tema
field-kind = Tipo
field-mode = Formato
field-dates = Fechas
field-edition = Edición
error-host-unknown = Ningún miembro tiene esta dirección web; use la última parte de la dirección de su página, por ejemplo city-of-bordeaux.
field-hosts = Organizaciones anfitrionas
field-participants = Participantes
field-seats-left = Plazas disponibles
field-outcomes = Resultados
field-when = Cuándo
field-room = Sala
field-track = Eje temático
field-format = Formato de la sesión
field-starts-on = Primer día
field-ends-on = Último día
field-starts-at = Inicio
field-ends-at = Fin
field-time-zone = Zona horaria (IANA, p. ej., Europe/Lisbon)
field-venue = Sede
field-online-url = Enlace para participar en línea
field-capacity = Aforo (vacío si no hay límite)
field-waitlist = Abrir una lista de espera cuando se llene
field-registration-type = Tipo de inscripción
field-invitation-code = Código de invitación
field-fee = Cuota de inscripción
field-payment = Pago
field-badge-code = Código de la credencial
field-registered = Inscrito el
programme-title = Programa
session-cancel-heading = Cancelar esta sesión
session-cancel-explain = Una sesión cancelada sigue en el programa, marcada como cancelada, y los calendarios que la importaron la muestran como cancelada. Su sala y sus ponentes quedan libres para otras sesiones. Todas las personas que la añadieron a su programa reciben un correo.
session-cancel = Cancelar la sesión
session-restore = Volver a incluir la sesión en el programa
session-cancelled-at = Esta sesión se canceló el { $name }.
session-cancelled = Cancelada
session-cancelled-notice = Esta sesión está cancelada.
error-session-cancelled = Esta sesión está cancelada.
email-session-cancelled-subject = Sesión cancelada: { $question }
email-session-cancelled-body = La sesión «{ $question }» de { $event }, que estaba en su programa, se ha cancelado. Su inscripción en { $event } sigue vigente: { $link }
programme-zone = Los horarios están en la hora local del evento ({ $name }).
programme-back = Volver al evento
programme-days = Días
programme-empty = Todavía no hay sesiones.
programme-mine = Mi programa
programme-mine-empty = Todavía no ha elegido ninguna sesión.
programme-choose = Elegir sesiones
programme-ics = Mi programa en mi calendario (.ics)
programme-add = Añadir a mi programa
programme-remove = Quitar
programme-in-mine = En mi programa
session-languages = Idiomas
session-interpretation = Interpretación a
session-people = Ponentes y moderadores
session-places-left = { $count ->
    [one] Queda 1 plaza
   *[other] Quedan { $count } plazas
}
session-capacity = { $count ->
    [one] limitada a 1 plaza
   *[other] limitada a { $count } plazas
}
session-edit = Editar la sesión
session-new = Añadir una sesión
session-format-plenary = Plenaria
session-format-panel = Panel
session-format-workshop = Taller
session-format-talk = Ponencia
session-format-roundtable = Mesa redonda
session-format-study_visit = Visita de estudio
speaker-role-speaker = Ponente
speaker-role-moderator = Moderador
register-title = Inscripción
register-already-mine = Ya está inscrito: vea su inscripción.
register-seats-left = { $count ->
    [one] Queda 1 plaza.
   *[other] Quedan { $count } plazas.
}
register-full-waitlist = Todas las plazas están ocupadas: puede apuntarse a la lista de espera y obtendrá una plaza automáticamente en cuanto quede una libre.
register-members-only = delegados de miembros
register-needs-code = requiere código de invitación
register-organisation = Organización miembro a la que representa
register-no-organisation = Ninguna
register-privacy = Su nombre y su correo electrónico solo los ven usted y los organizadores.
register-submit = Inscribirse
fee-free = gratis
registration-title = Mi inscripción
registration-state-confirmed = Confirmada: tiene una plaza.
registration-state-waitlisted = En lista de espera.
registration-state-cancelled = Cancelada.
registration-waitlist-position = posición { $count }
registration-keep-link = Guarde la dirección de esta página: es su enlace privado a su inscripción. También se la hemos enviado por correo electrónico.
registration-badge = Credencial
registration-qr = Código QR de la credencial { $name }
registration-print-badge = Imprimir mi credencial
registration-certificate = Certificado de asistencia
registration-cancel-title = Cancelar
registration-cancel-explain = Si no puede asistir, cancele: su plaza pasará a la siguiente persona de la lista de espera.
registration-cancel = Cancelar mi inscripción
registrations-mine = Mis inscripciones
registrations-none = Todavía no tiene inscripciones.
registrations-title = Inscripciones
registrations-csv = Exportar las inscripciones (CSV)
payment-none = sin cuota
payment-due = pendiente
payment-paid = pagada
payment-at_venue = se paga en la sede
payment-waived = exenta
badge-title = Credencial de { $name }
badges-title = Credenciales: { $name }
badges-sheet = Hoja de credenciales
badges-print-hint = Imprima esta página: cada credencial ocupa un cuarto de hoja A4.
certificate-title = Certificado de asistencia
certificate-this-certifies = Se certifica que
certificate-attended = asistió a
certificate-issued = expedido el { $name }
checkin-title = Registro de llegada
checkin-submit = Registrar la llegada
checkin-done = Llegada registrada.
checkin-already = La llegada ya se registró el { $name }.
checkin-no-seat-waitlisted = Sin plaza: esta persona está en la lista de espera.
checkin-no-seat-cancelled = Sin plaza: esta inscripción se canceló.
checkin-not-found = No hay ninguna credencial con este código para este evento.
checkin-count = Llegadas
checkin-figures = Llegadas registradas hasta ahora
ics-my-programme = Mi programa: { $name }
done-registered = Ya está inscrito. Su plaza está confirmada.
done-waitlisted = Está en la lista de espera. Le escribiremos cuando quede una plaza libre.
done-cancelled = Su inscripción se ha cancelado.
error-already-cancelled = Esta inscripción ya se había cancelado.
error-already-registered = Esta dirección de correo electrónico ya está inscrita en este evento.
error-capacity-below-booked = El aforo no puede ser inferior a las plazas ya ocupadas.
error-capacity-below-confirmed = El aforo no puede ser inferior a las plazas ya confirmadas.
error-capacity-invalid = Indique un número entero igual o mayor que 0, o déjelo vacío si no hay límite.
error-choice-invalid = Elija una de las opciones ofrecidas.
error-code-taken = Este código ya se usa en este evento.
error-ends-before-start = El fin debe ser posterior al inicio.
error-event-full = Este evento está completo y no tiene lista de espera.
error-invitation-invalid = Este código de invitación no es válido para este tipo de inscripción.
error-invitation-used-up = Este código de invitación ya se ha usado todas las veces permitidas.
error-language-invalid = Elija idiomas entre coreano, inglés, francés y español.
error-not-confirmed = Solo los participantes con plaza confirmada pueden hacer esto.
error-not-checked-in = El certificado está disponible una vez registrada la llegada con la credencial.
error-registration-closed = La inscripción para este evento no está abierta.
error-room-double-booked = Esta sala ya acoge otra sesión a esa hora.
error-session-full = Esta sesión está completa.
error-session-outside-event = La sesión debe celebrarse dentro de los días del evento.
error-speaker-double-booked = Un ponente o moderador ya está en otra sesión a esa hora.
error-time-invalid = Indique una fecha y una hora (AAAA-MM-DD HH:MM).
error-time-nonexistent = Esta hora no existe en la zona horaria del evento (esa noche cambia la hora).
error-try-again = Algo cambió en ese mismo momento; envíe el formulario de nuevo.
error-type-members-only = Este tipo de inscripción es para delegados de organizaciones miembros: elija su organización.
error-year-invalid = Indique un año, por ejemplo 2027.
email-registration-confirmed-subject = Su inscripción: { $event }
email-registration-confirmed-body = Su plaza en { $event } está confirmada.

    Su inscripción, su credencial y su programa: { $link }

    No comparta este enlace: abre su inscripción sin contraseña. Si no puede asistir, cancele desde allí para que su plaza pase a alguien de la lista de espera.

    { $network }
email-registration-waitlisted-subject = Está en la lista de espera: { $event }
email-registration-waitlisted-body = El evento { $event } está completo y usted está en la lista de espera. En cuanto quede una plaza libre, será suya: le avisaremos por correo electrónico.

    Su inscripción: { $link }

    { $network }
email-registration-promoted-subject = Ya tiene una plaza: { $event }
email-registration-promoted-body = Ha quedado libre una plaza en { $event } y ahora es suya: su inscripción está confirmada.

    Su inscripción, su credencial y su programa: { $link }

    { $network }
email-registration-cancelled-subject = Inscripción cancelada: { $event }
email-registration-cancelled-body = Su inscripción en { $event } se ha cancelado. Si se trata de un error, puede volver a inscribirse: { $link }

    { $network }

## Call for proposals
proposal-call-open = La convocatoria de propuestas de sesiones está abierta a los miembros.
proposal-new-title = Proponer una sesión
proposal-mine = Sus propuestas
proposal-organisation = Organización
proposal-submit = Enviar la propuesta
proposals-title = Propuestas de sesiones
proposals-none = Todavía no hay propuestas.
proposal-score = Puntuación media
proposal-reviews = Evaluaciones
proposal-no-reviews = Todavía no hay evaluaciones.
proposal-your-score = Su puntuación (de 1 a 5)
proposal-comment = Comentario
proposal-review-save = Guardar mi evaluación
proposal-decide = Decisión
proposal-accept = Aceptar y programar como sesión
proposal-reject = Rechazar
proposal-decision-note = Mensaje para quien propone
proposal-see-session = ver la sesión
proposal-state-submitted = Enviada
proposal-state-accepted = Aceptada
proposal-state-rejected = No seleccionada
proposal-state-withdrawn = Retirada
done-proposal-submitted = Su propuesta se ha enviado. Los evaluadores la leerán.
error-organisation-not-member = Solo las organizaciones miembro pueden proponer sesiones.
error-proposals-closed = Este evento no recibe propuestas de sesiones.
error-proposal-decided = Ya se ha decidido sobre esta propuesta.
error-score-invalid = Dé una puntuación de 1 a 5.
email-proposal-accepted-subject = Su propuesta ha sido aceptada: { $event }
email-proposal-accepted-body = Su propuesta de sesión «{ $question }» para { $event } ha sido aceptada y figura en el programa: { $link }

    { $reference }

    { $network }
email-proposal-rejected-subject = Sobre su propuesta: { $event }
email-proposal-rejected-body = Gracias por su propuesta de sesión «{ $question }» para { $event }. La organización no ha podido incluirla en el programa.

    { $reference }

    { $network }

## Event setup and delegations
setup-title = Preparar el evento
setup-tracks = Ejes temáticos
setup-rooms = Salas
setup-speakers = Ponentes y moderadores
setup-types = Tipos de inscripción
setup-questions = Preguntas de la inscripción
setup-invitations = Códigos de invitación
setup-roles = Organización, evaluación y acreditación
setup-translations = Traducciones del evento
setup-add = Añadir
setup-edit = Editar
setup-editing = Está cambiando una entrada existente; las sesiones que la usan muestran el cambio.
setup-edit-stop = Añadir una nueva en su lugar
setup-item-translations = Traducciones de ejes, tipos de inscripción, preguntas y biografías
setup-item-track = Eje: { $name }
setup-item-type = Tipo de inscripción: { $name }
setup-item-label = Pregunta: { $name }
setup-item-options = Opciones de la pregunta: { $name }
setup-item-bio = Biografía de { $name }
setup-item-text-help = Para las opciones de una pregunta, una opción traducida por línea, en el mismo orden. Un texto vacío elimina la traducción.
field-item = Qué traducir
error-options-count = Escriba una opción traducida por línea, tantas como tiene la pregunta.
setup-remove = Eliminar
error-track-in-use = Hay sesiones o propuestas en este eje: muévalas primero a otro eje.
error-form-changed = El formulario de inscripción cambió mientras lo enviaba. Revise sus respuestas y envíelo de nuevo.
error-room-in-use = Hay sesiones en esta sala: muévalas primero a otra sala.
error-speaker-in-use = Esta persona interviene o modera en sesiones: quítela primero de esas sesiones.
error-type-in-use = Hay personas inscritas con este tipo, o un código de invitación lo otorga: no se puede eliminar.
error-question-options-answered = Algunas personas ya respondieron esta pregunta: su tipo y sus opciones ya no pueden cambiar (su enunciado sí).
error-question-in-use = Algunas personas ya respondieron esta pregunta: no se puede eliminar.
error-invitation-in-use = Este código ya se ha usado: no se puede eliminar.
setup-revoke = Quitar
setup-revoke-named = Quitar este rol a { $name }
setup-any-type = cualquier tipo de inscripción
setup-used = usado { $used } de { $max } veces
field-code = Código (letras, cifras y guiones)
field-organisation-name = Organización tal como se muestra
field-bio = Biografía breve
field-photo = Foto (PNG, JPEG o WebP, 2 MB como máximo)
field-fee-amount = Cuota (vacía si es gratis)
field-currency = Moneda (ISO 4217, p. ej. EUR)
field-members-only = Solo para delegados de organizaciones miembro
field-requires-code = Requiere un código de invitación
field-label = Pregunta
field-options = Opciones, una por línea (preguntas de elección, alimentación, interpretación)
field-required = Obligatoria
field-max-uses = Cuántas veces se puede usar
field-note = Nota
field-role = Rol
field-field = Campo
field-language = Idioma
field-text = Texto
question-kind-text = Texto libre
question-kind-choice = Elección
question-kind-dietary = Necesidades alimentarias
question-kind-accessibility = Necesidades de accesibilidad
question-kind-interpreting = Idioma de interpretación
event-role-organiser = Organización
event-role-checkin = Acreditación
event-role-reviewer = Evaluación de propuestas
error-no-such-account = Ninguna cuenta tiene esta dirección. Pida primero a la persona que cree una.
error-photo-too-large = La foto es demasiado grande (2 MB como máximo).
error-photo-type = La foto debe ser una imagen PNG, JPEG o WebP.
register-delegation = Delegación de { $name }
register-delegation-empty = Todavía no hay nadie de su organización inscrito.
register-delegation-how = Para inscribir a un miembro de su delegación, rellene el formulario de abajo con su nombre y correo y elija su organización: recibirá su propio enlace y credencial.
category-by-secretariat = la cambia la secretaría
event-category = Categoría cambiada
event-new-title = Nuevo evento
field-code-optional = Código (opcional: se crea a partir del nombre si se deja vacío)
account-settings = Preferencias
account-time-zone = Zona horaria
account-time-zone-hub = La zona horaria del hub ({ $name })
account-time-zone-hint = Las fechas y horas se muestran en esta zona, con su nombre al lado.
todo-title = Pendiente
nav-todo = Pendiente
todo-nothing = Nada requiere su atención por ahora.
todo-none = Ninguno.
todo-more = y { $count } más
todo-applications = { $count ->
    [one] Una solicitud de adhesión espera
   *[other] { $count } solicitudes de adhesión esperan
}
todo-ack-by = acusar recibo antes del { $name }
todo-ack-late = acuse de recibo atrasado desde el { $name }
todo-signatures = { $count ->
    [one] Una firma por verificar
   *[other] { $count } firmas por verificar
}
todo-proposals = { $count ->
    [one] Una propuesta de sesión por revisar
   *[other] { $count } propuestas de sesión por revisar
}
todo-dues = { $count ->
    [one] Una cuota atrasada
   *[other] { $count } cuotas atrasadas
}
todo-due-on = vencía el { $name }
todo-review = { $count ->
    [one] Un documento espera revisión
   *[other] { $count } documentos esperan revisión
}
todo-votes = { $count ->
    [one] Una votación abierta en la que su organización no ha votado
   *[other] { $count } votaciones abiertas en las que su organización no ha votado
}
todo-closes = cierra { $name }
todo-sign = { $count ->
    [one] Una declaración que su organización no ha firmado
   *[other] { $count } declaraciones que su organización no ha firmado
}
todo-drafts = { $count ->
    [one] Un documento de su organización no está publicado
   *[other] { $count } documentos de su organización no están publicados
}
todo-registrations = { $count ->
    [one] Una inscripción a un evento próximo
   *[other] { $count } inscripciones a eventos próximos
}
home-events = Foros y eventos
home-more-events = Todos los eventos
home-votes = Votaciones abiertas
home-library = Novedades de la biblioteca
home-more-library = Toda la biblioteca
home-declarations = Últimas declaraciones
field-member-organisation = Organización miembro
field-member-organisation-none = Ninguna (escriba la organización abajo)
field-owner-none = Ninguna (documento de la red)
field-organisation = Organización miembro
dues-unpriced = Miembros sin importe
dues-unpriced-none = Todos los miembros tienen un importe.
dues-no-band = su país no tiene franja
dues-no-rule = sin importe para su clase en la franja { $name }
dues-set-band = fijar la franja
dues-bands-bulk = Fijar la franja de varios países
dues-bands-bulk-hint = Elija un continente, o pegue códigos o nombres de países separados por comas o líneas (p. ej. KR, Francia, Senegal).
field-continent-all = Todos los países de un continente
field-countries = Países
field-bands-band = Franja
dues-bands-set = Franja fijada para { $count } países.
error-countries-unknown = Países desconocidos: { $name }
error-countries-required = Elija un continente o indique países.
dues-line = línea { $name }
dues-none-org = Aún no hay cuotas.
applications-organisation = La organización
register-members-only-login = Las personas de una organización miembro pueden elegir este tipo al iniciar sesión.
register-members-only-affiliation = Este tipo es para cuentas de una organización miembro: pida al administrador de su organización que le añada.
profile-mandates = Puestos en los órganos
profile-since = desde el { $name }
profile-signatures = Declaraciones firmadas
profile-events = Eventos organizados
profile-library = En la biblioteca
event-declarations = Declaraciones adoptadas aquí
event-library = Documentos
declaration-adopted-at = Adoptada en
apply-classes = Clases de miembros y cuotas
apply-fees-explained = Los miembros de pleno derecho y aliados pagan una cuota anual. El importe depende de la franja económica del país (la franja 1 agrupa las economías de mayores ingresos) y de la clase; un miembro de pleno derecho cuenta una vez pagada su primera cuota tras la aprobación. Los miembros honorarios no pagan.
apply-fees = Cuotas anuales por franja de país
apply-charter = Leer la carta que esta solicitud compromete a respetar
field-payment-instructions = Cómo pagar
payment-instructions-hint = Se muestra junto a los tipos de inscripción de pago y se repite en el correo de confirmación: datos bancarios, factura a pedido, pago en el lugar.
payment-instructions-none = Los organizadores le escribirán para indicarle cómo pagar.
email-payment-due = Importe a pagar: { $amount }. Cómo pagar:
field-letter = Carta de solicitud firmada
apply-letter-hint = Un PDF o un escaneo (PNG, JPEG o WebP), de hasta 5 MB. Opcional, pero agiliza la revisión.
apply-letter-kept = { $name } se recibió y se enviará con la solicitud, salvo que elija otro archivo.
error-letter-type = Solo se acepta un PDF o una imagen (PNG, JPEG o WebP); el contenido de este archivo no es ninguno de los dos.
error-letter-too-large = El archivo es demasiado grande: 5 MB como máximo.
applications-no-letter = Ninguna adjunta
settings-translate-name = Traducir el nombre de la red
mentions-title = Citados aquí, o que citan esta página
mention-kind-library = Biblioteca
mention-kind-event = Evento
mention-kind-declaration = Declaración
registration-join-title = Participar en línea
registration-join = Unirse al evento en línea
registration-join-private = Este enlace es solo para participantes confirmados; no lo comparta.
email-join-online = Participar en línea: { $name }
