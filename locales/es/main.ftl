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
field-slug = Dirección web (slug)
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
error-not-found = No encontramos esta página.
error-unauthorized = Inicie sesión para continuar.
error-forbidden = No tiene permiso para hacer esto.
error-csrf = Este formulario ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-too-many = Demasiados intentos. Espere 15 minutos e inténtelo de nuevo.
error-internal = Algo salió mal por nuestra parte. Inténtelo de nuevo más tarde.
error-invalid = Algunos valores no son válidos.
error-invalid-value = Este valor no es válido.
error-required = Este campo es obligatorio.
error-too-long = Es demasiado largo.
error-control-chars = Contiene caracteres no permitidos.
error-email-invalid = Esta dirección de correo electrónico no es válida.
error-slug-invalid = Use letras minúsculas, cifras y guiones (de 2 a 80 caracteres).
error-slug-required = Indique una dirección web (slug) en letras latinas.
error-slug-taken = Otra organización ya usa esta dirección web.
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
dues-generated = Cuotas creadas: { $count }. Miembros sin importe (falta la franja del país o la regla de cuota): { $missing }
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
