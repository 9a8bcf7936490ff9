# Pumasi — English interface strings. Keys must exist in ko, fr and es too (a test checks).

## Navigation and layout
nav-skip = Skip to content
nav-main = Main
nav-home = Home
nav-members = Members
nav-map = Map
nav-stats = Statistics
nav-apply = Apply for membership
nav-applications = Applications
nav-login = Log in
nav-logout = Log out
nav-group-members = Members
nav-group-events = Events
nav-group-knowledge = Knowledge
nav-group-secretariat = Secretariat
nav-directory = Directory
nav-bodies = Bodies and mandates
nav-library-work = Library work list
nav-languages = Languages
nav-api = API
footer-powered = Runs on Pumasi, free software for solidarity networks
language-ko = Korean
language-en = English
language-fr = French
language-es = Spanish
shown-in = Shown in { $name }: no translation yet.
fictional = fictional
fictional-long = Fictional organisation, part of the demonstration data.
logo-of = Logo of { $name }

## Home, directory, map, statistics
home-title = Home
home-sentence = { $members ->
    [one] 1 member
   *[other] { $members } members
  } on { $continents ->
    [one] 1 continent
   *[other] { $continents } continents
  } from { $countries ->
    [one] 1 country
   *[other] { $countries } countries
  }, including { $localgov ->
    [one] 1 local government
   *[other] { $localgov } local governments
  } and { $sse ->
    [one] 1 SSE network
   *[other] { $sse } SSE networks
  }, and { $honorary ->
    [one] 1 honorary member
   *[other] { $honorary } honorary members
  }
home-recent = Newest members
home-directory = Browse all members
members-count = { $count ->
    [one] 1 member
   *[other] { $count } members
  }
directory-title = Member directory
directory-count = { $count ->
    [0] No organisation matches.
    [one] 1 organisation
   *[other] { $count } organisations
  }
filter-text = Name or city
filter-continent = Continent
filter-country = Country
filter-category = Category
filter-class = Membership class
filter-college = College
filter-language = Working language
filter-status = Status
filter-sort = Sort by
filter-any = Any
filter-apply = Filter
filter-reset = Clear filters
sort-name = Name
sort-country = Country
sort-newest = Newest members first
pager-label = Pages
pager-prev = Previous
pager-next = Next
map-title = Where our members are
map-more = Map with every member
stats-title = Membership statistics
stats-members = Members
stats-by-continent = Members by continent
stats-by-category = Members by category
stats-by-class = Members by class
stats-by-country = Members by country
stats-as-table = Show as a table
continent-africa = Africa
continent-americas = Americas
continent-asia = Asia
continent-europe = Europe
continent-oceania = Oceania
continent-antarctica = Antarctica

## Organisations
class-full = Full member
class-allied = Allied member
class-honorary = Honorary member
class-full-explained = Full member (votes and may be elected)
class-allied-explained = Allied member (takes part, no vote)
class-honorary-explained = Honorary member (nominated by the steering committee)
status-applicant = Applicant
status-member = Member
status-suspended = Suspended
status-withdrawn = Withdrawn
status-disqualified = Disqualified
status-rejected = Application rejected
field-name = Name
field-slug = Web address (optional: made from the name if left empty)
field-base-language = Language of the texts
field-category = Category
field-class = Membership class
field-class-requested = Membership class requested
field-status = Status
field-college = Voting college
field-country = Country
field-city = City
field-place = Place
field-latitude = Latitude
field-longitude = Longitude
field-website = Website
field-languages = Working languages
field-languages-codes = Working languages (codes such as ko;en)
field-description = Description
field-joined = Member since
field-leader = Leader of the executive authority
field-leader-name = Leader of the executive authority
field-leader-title = Leader's title
field-leader-email = Leader's email
field-focal = Focal point for liaison
field-focal-name = Focal point for liaison
field-focal-email = Focal point's email
field-focal-phone = Focal point's phone
field-email = Email
field-password = Password
field-password-current = Current password
field-password-new = New password (at least 10 characters)
field-password-confirm = New password again
field-contact-name = Contact person
field-contact-email = Contact person's email
field-economic-index = Economic index used for the fee (e.g. GDP per capita band)
field-statement = Your organisation's work in the social and solidarity economy
field-signatory-name = Authorised signatory (mayor, CEO…)
field-signatory-title = Signatory's title
field-signatory-confirmed = The authorised signatory confirms this application and the charter.
private-contacts = Private contacts (secretariat and the organisation only)
history-title = Membership history
profile-edit = Edit profile
translation-into = Translation into { $name }
org-role-member = member
org-role-editor = editor
org-role-admin = administrator
role-person = Person
role-secretariat = Secretariat
role-admin = Administrator
event-created = Created
event-status = Status changed
event-application-acknowledged = Application acknowledged
event-application-info_requested = More information requested
event-college = College assigned
event-first_fee = First fee paid

## Membership application
apply-title = Apply for membership
apply-intro = The secretariat acknowledges every application within 5 working days. The steering committee then decides.
apply-organisation = Your organisation
apply-people = People
apply-commitment = Commitment
apply-submit = Send the application
application-submitted = Submitted
application-acknowledged = Acknowledged
application-info-requested = Information requested
application-approved = Approved
application-rejected = Rejected
applications-title = Membership applications
applications-state = State
applications-ack-due = Acknowledge by
applications-acknowledge = Acknowledge receipt
applications-question = Question to the applicant
applications-request-info = Ask for more information
applications-decision = Steering committee decision
applications-decided-on = Date of the decision
applications-reference = Decision reference
applications-approve = Record approval
applications-reject = Record rejection
applications-assign-college = Assign college
applications-first-fee = First fee paid on
applications-record-fee = Record first fee
applications-fee-rule = A full member counts as a member once its first fee is paid.
applications-profile = Organisation profile
days-left = { $count ->
    [one] 1 working day left
   *[other] { $count } working days left
  }
days-late = { $count ->
    [one] 1 working day late
   *[other] { $count } working days late
  }

## Accounts
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
account-title = My account
account-role = Role
account-organisations = My organisations
password-change-title = Change password
sessions-title = My sessions
sessions-started = Started
sessions-last-seen = Last active
sessions-address = Address
sessions-actions = Actions
sessions-current = This session
sessions-end = End this session
forgot-title = Reset your password
forgot-submit = Send me a link
forgot-sent = If an account uses this address, we have sent it a link to choose a new password. The link works for 2 hours.
reset-title = Choose a new password
reset-expired = This link has expired or was already used.
form-save = Save
form-choose = Choose…
form-has-errors = Please correct the following:

## Confirmations
done-logged-out = You are logged out.
done-session-ended = The session was ended.
done-password-changed = Your password was changed. Your other sessions were ended.
done-password-reset = Your password was changed. You can log in now.
done-application-received = Thank you. Your application was received; we will acknowledge it within 5 working days.
done-saved = Saved.

## Errors
error-title-400 = Bad request
error-title-401 = Please log in
error-title-403 = Not allowed
error-title-404 = Page not found
error-title-409 = Conflict
error-title-410 = Expired
error-title-422 = Please check the form
error-title-429 = Too many attempts
error-title-500 = Something went wrong
error-title-415 = Unsupported format
error-json-media-type = Send the body as JSON (Content-Type: application/json).
error-title-503 = Cannot save right now
error-unavailable = The hub cannot save anything right now (its storage is full or read-only). Nothing was saved; please try again in a few minutes.
error-not-found = We could not find this page.
error-unauthorized = Please log in to continue.
error-forbidden = You are not allowed to do this.
error-csrf = This form has expired. Go back, reload the page and try again.
error-too-many = Too many attempts. Please wait 15 minutes and try again.
error-too-many-account = This account has had too many failed attempts from elsewhere. Sign in from a device you have used before, or wait 15 minutes.
error-internal = Something went wrong on our side. Please try again later.
error-invalid = Some values are not valid.
error-invalid-value = This value is not valid.
error-required = This field is required.
error-too-long = This is too long.
error-control-chars = This contains characters that are not allowed.
error-email-invalid = This is not a valid email address.
error-slug-invalid = Use lower-case letters, digits and hyphens (2–80 characters).
error-slug-taken = This web address is already in use. Choose another, or leave it empty to have one made from the name.
error-name-taken = An organisation with this name already exists in this city.
error-url-invalid = Give a full web address starting with https://.
error-coordinates-invalid = Latitude must be between −90 and 90 and longitude between −180 and 180.
error-date-invalid = Give a date as YYYY-MM-DD.
error-code-invalid = This code is not valid.
error-languages-invalid = Give two-letter language codes separated by ; (for example ko;en).
error-locale-invalid = Choose Korean, English, French or Spanish.
error-category-invalid = Choose a category from the list.
error-class-invalid = Choose a membership class from the list.
error-status-invalid = This status does not exist.
error-college-invalid = Choose a college from the list.
error-college-full-only = Only full members belong to a voting college.
error-country-invalid = This is not a known country code.
error-boolean-invalid = Use true or false.
error-field-unknown = This field does not exist.
error-translation-base = A translation cannot be in the text's own language.
error-edit-conflict = Someone else changed this in the meantime. Reload the page to see their changes.
error-status-transition = This status change is not allowed from the current status.
error-application-state = This application has already been decided or cannot take this step now.
error-fee-already-recorded = The first fee has already been recorded.
error-confirmation-required = The signatory's confirmation is required.
error-email-taken = An account with this email already exists.
error-backup-postgres = On PostgreSQL, back up with pg_dump.
error-csv-utf8 = This line is not valid UTF-8 text.
error-csv-malformed = This line is not valid CSV.
error-csv-too-many-columns = The file has too many columns.
error-csv-header = The header does not match a known column set.
error-csv-field-count = This line has a different number of fields than the header.
error-slug-duplicate-in-file = This web address appears twice in the file.
error-name-duplicate-in-file = This organisation appears twice in the file.
error-login-failed = The email or password is not correct.
error-password-short = The password must have at least 10 characters.
error-password-wrong = The current password is not correct.
error-password-mismatch = The two passwords are different.

## Emails
email-application-received-subject = { $network }: we received your application
email-application-received-body = Thank you for applying for membership for { $organisation }. The secretariat will acknowledge your application within 5 working days.
email-application-acknowledged-subject = { $network }: your application is being reviewed
email-application-acknowledged-body = The secretariat has acknowledged the application of { $organisation }. The steering committee will decide on it.
email-application-info-subject = { $network }: we need more information
email-application-info-body = To continue with the application of { $organisation }, the secretariat asks: { $question }
email-application-rejected-subject = { $network }: decision on your application
email-application-rejected-body = The steering committee did not approve the application of { $organisation } (reference { $reference }).
email-password-reset-subject = { $network }: choose a new password
email-password-reset-body = Open this link to choose a new password (valid for 2 hours): { $link } — If you did not ask for it, ignore this email.
email-invitation-subject = { $network }: welcome, your organisation is a member
email-invitation-body = Your organisation's membership was approved and you are its administrator. Open this link to choose your password (valid for 7 days): { $link }

## Secretariat and administration
nav-dues = Dues
nav-admin = Administration
dues-title = Dues
dues-year = Year
dues-due-on = Due date
dues-generate = Create this year's dues for all members
dues-generated = { $count } dues created. Members without a fee: { $missing } (listed below, with what is missing).
dues-amount = Amount
dues-status = Status
dues-paid-on = Paid on
dues-mark-paid = Record payment
dues-waive-or-postpone = Waive or postpone
dues-reason = Reason
dues-waive = Waive
dues-until = Postponed until
dues-postpone = Postpone
dues-fee-table = Fee table
dues-band = Economic band
dues-currency = Currency (ISO 4217, e.g. USD)
dues-bands = Economic band of each country
dues-bands-explained = Band 1 is for the highest-income economies; a member's annual fee is the fee table's amount for its country's band and its class.
dues-due = Due
dues-paid = Paid
dues-overdue = Overdue
dues-waived = Waived
dues-postponed = Postponed
logo-title = Logo
logo-file = Logo file (PNG, JPEG or WebP, at most 1 MB)
logo-upload = Upload logo
status-change-title = Change membership status
status-change-to = New status
status-warning = Warning (no status change)
status-note = Note (e.g. the written request or the committee's decision)
event-warning = Warning
event-dues-paid = Dues paid
event-dues-waived = Dues waived
event-dues-postponed = Dues postponed
settings-title = Network settings
settings-name = Name of the network
settings-short-name = Short name
settings-colour = Main colour (#rrggbb)
settings-languages = Languages offered
settings-default-language = Default language
settings-time-zone = Time zone (e.g. Asia/Seoul)
audit-title = Audit log
audit-when = When
audit-who = Who
audit-what = Action
audit-record = Record
audit-change = Before → after
audit-system = system
error-title-413 = Too large
error-payload-too-large = What you sent is too large.
error-amount-invalid = Give an amount such as 1500 or 1500.50.
error-band-invalid = Give a band from 1 to 9.
error-colour-invalid = Give a colour as #rrggbb.
error-currency-invalid = Give a three-letter currency code such as USD.
error-default-language = The default language must be one of the languages offered.
error-dues-settled = These dues are already paid or waived.
error-languages-none = Offer at least one language.
error-logo-too-large = The logo is too large (at most 1 MB).
error-logo-type = The logo must be a PNG, JPEG or WebP image.
error-postpone-before-due = Postpone to a date after the due date.
error-time-zone-invalid = Give a time zone such as Asia/Seoul or UTC.
error-wrong-type = This value has the wrong type.
error-json-malformed = The request body is not valid JSON.
note-application = through the membership application
note-committee-decision = steering committee decision
note-import = imported
note-api = created through the API
translation-needs-review = This translation was made from an earlier version of the text and may be out of date.
translation-review-name = The name changed since this translation: please review it.
translation-review-description = The description changed since this translation: please review it.
people-title = People
people-role = Role
people-remove = Remove from the organisation
people-invite = Invite someone
done-invited = The invitation is on its way.
error-last-admin = The organisation must keep at least one administrator: make someone else administrator first.
email-added-subject = { $network }: you were added to { $organisation }
email-added-body = You can now act for { $organisation } on { $network }. Your account: { $link }
dues-none = No dues have been created for this year yet.
settings-logo = Logo of the network

## Forums and events
nav-events = Events
nav-registrations = My registrations
events-title = Events
events-views = Views
events-view-list = List
events-view-month = Month
events-upcoming = Upcoming
events-past = Past events
events-none = No upcoming events.
events-in-month = Events this month
calendar-month-title = { $month } { $year }
calendar-prev = Previous month
calendar-next = Next month
weekday-0 = Mon
weekday-1 = Tue
weekday-2 = Wed
weekday-3 = Thu
weekday-4 = Fri
weekday-5 = Sat
weekday-6 = Sun
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
forums-title = Forum editions
forums-intro = Every edition of the forum, each in a new host city, with its theme, programme and outcomes.
forums-map-title = Host cities of the forum
forums-map-desc = { $count ->
    [one] One edition on the map.
   *[other] { $count } editions on the map.
}
forums-table = All editions, newest first
event-kind-forum = Forum
event-kind-meeting = Meeting
event-kind-webinar = Webinar
event-kind-training = Training
event-kind-study_visit = Study visit
event-mode-in_person = In person
event-mode-online = Online
event-mode-hybrid = Hybrid (in person and online)
event-status-planned = Planned
event-status-proposals = Open for session proposals
event-status-registration = Registration open
event-status-running = Under way
event-status-closed = Closed
event-register = Register
event-programme = { $count ->
    [one] Programme (1 session)
   *[other] Programme ({ $count } sessions)
}
event-ics = Add to calendar (.ics)
event-manage = Manage registrations
field-capacity-short = Seats
event-new = New event
event-edit-title = Edit event
field-title = Title
field-theme = Theme
field-kind = Kind
field-mode = Format
field-dates = Dates
field-edition = Edition
error-host-unknown = No member has this web address; use the last part of the member’s page address, such as city-of-bordeaux.
field-hosts = Hosts
field-participants = Participants
field-seats-left = Seats left
field-outcomes = Outcomes
field-when = When
field-room = Room
field-track = Track
field-format = Session format
field-starts-on = First day
field-ends-on = Last day
field-starts-at = Starts
field-ends-at = Ends
field-time-zone = Time zone (IANA, e.g. Europe/Lisbon)
field-venue = Venue
field-online-url = Online link
field-capacity = Capacity (empty for no limit)
field-waitlist = Keep a waitlist when full
field-registration-type = Registration type
field-invitation-code = Invitation code
field-fee = Fee
field-payment = Payment
field-badge-code = Badge code
field-registered = Registered
programme-title = Programme
session-cancel-heading = Cancel this session
session-cancel-explain = A cancelled session stays in the programme, marked as cancelled, and calendars that imported it show it as cancelled. Its room and people become free for other sessions. Everyone who added it to their programme is emailed.
session-cancel = Cancel the session
session-restore = Put the session back in the programme
session-cancelled-at = This session was cancelled on { $name }.
session-cancelled = Cancelled
session-cancelled-notice = This session is cancelled.
error-session-cancelled = This session is cancelled.
email-session-cancelled-subject = Session cancelled: { $question }
email-session-cancelled-body = The session “{ $question }” at { $event }, which you had in your programme, is cancelled. Your registration for { $event } is unchanged: { $link }
programme-zone = Times are local to the event ({ $name }).
programme-back = Back to the event
programme-days = Days
programme-empty = No sessions yet.
programme-mine = My programme
programme-mine-empty = You have not chosen any sessions yet.
programme-choose = Choose sessions
programme-ics = My programme in my calendar (.ics)
programme-add = Add to my programme
programme-remove = Remove
programme-in-mine = In my programme
session-languages = Languages
session-interpretation = Interpretation into
session-people = Speakers and moderators
session-places-left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
session-capacity = { $count ->
    [one] limited to 1 place
   *[other] limited to { $count } places
}
session-edit = Edit session
session-new = Add a session
session-format-plenary = Plenary
session-format-panel = Panel
session-format-workshop = Workshop
session-format-talk = Talk
session-format-roundtable = Round table
session-format-study_visit = Study visit
speaker-role-speaker = Speaker
speaker-role-moderator = Moderator
register-title = Register
register-already-mine = You are already registered: see your registration.
register-seats-left = { $count ->
    [one] 1 seat left.
   *[other] { $count } seats left.
}
register-full-waitlist = All seats are taken: you can join the waitlist, and you will get a seat automatically as soon as one frees up.
register-members-only = member delegates
register-needs-code = invitation code needed
register-organisation = Member organisation you represent
register-no-organisation = None
register-privacy = Your name and email are seen only by you and the organisers.
register-submit = Register
fee-free = free
registration-title = My registration
registration-state-confirmed = Confirmed: you have a seat.
registration-state-waitlisted = On the waitlist.
registration-state-cancelled = Cancelled.
registration-waitlist-position = position { $count }
registration-keep-link = Keep this page's address: it is your private link to your registration. We also sent it by email.
registration-badge = Badge
registration-qr = QR code of badge { $name }
registration-print-badge = Print my badge
registration-certificate = Certificate of attendance
registration-cancel-title = Cancel
registration-cancel-explain = If you cannot come, cancel: your seat goes to the next person on the waitlist.
registration-cancel = Cancel my registration
registrations-mine = My registrations
registrations-none = You have no registrations yet.
registrations-title = Registrations
registrations-csv = Export registrations (CSV)
payment-none = no fee
payment-due = due
payment-paid = paid
payment-at_venue = to be paid at the venue
payment-waived = waived
badge-title = Badge of { $name }
badges-title = Badges: { $name }
badges-sheet = Badge sheet
badges-print-hint = Print this page: each badge fits on a quarter of an A4 sheet.
certificate-title = Certificate of attendance
certificate-this-certifies = This certifies that
certificate-attended = attended
certificate-issued = issued on { $name }
checkin-title = Check-in
checkin-submit = Check in
checkin-done = Checked in.
checkin-already = Already checked in at { $name }.
checkin-no-seat-waitlisted = No seat: this person is on the waitlist.
checkin-no-seat-cancelled = No seat: this registration was cancelled.
checkin-not-found = No badge with this code for this event.
checkin-count = Checked in
checkin-figures = Checked in so far
ics-my-programme = My programme: { $name }
done-registered = You are registered. Your seat is confirmed.
done-waitlisted = You are on the waitlist. We will email you when a seat frees up.
done-cancelled = Your registration is cancelled.
error-already-cancelled = This registration was already cancelled.
error-already-registered = This email address is already registered for this event.
error-capacity-below-booked = The capacity cannot be lower than the places already taken.
error-capacity-below-confirmed = The capacity cannot be lower than the seats already confirmed.
error-capacity-invalid = Enter a whole number of 0 or more, or leave empty for no limit.
error-choice-invalid = Choose one of the options offered.
error-code-taken = This code is already used in this event.
error-ends-before-start = The end must come after the start.
error-event-full = This event is full and keeps no waitlist.
error-invitation-invalid = This invitation code is not valid for this registration type.
error-invitation-used-up = This invitation code has been used as many times as it allows.
error-language-invalid = Choose languages among Korean, English, French and Spanish.
error-not-confirmed = Only participants with a confirmed seat can do this.
error-not-checked-in = The certificate is available once the badge has been checked in.
error-registration-closed = Registration for this event is not open.
error-room-double-booked = This room already holds another session at that time.
error-session-full = This session is full.
error-session-outside-event = The session must take place within the event's days.
error-speaker-double-booked = A speaker or moderator is already in another session at that time.
error-time-invalid = Enter a date and time (YYYY-MM-DD HH:MM).
error-time-nonexistent = This time does not exist in the event's time zone (clocks change that night).
error-try-again = Something changed at the same moment; please send the form again.
error-type-members-only = This registration type is for delegates of member organisations: choose your organisation.
error-year-invalid = Enter a year such as 2027.
email-registration-confirmed-subject = Your registration: { $event }
email-registration-confirmed-body = Your seat at { $event } is confirmed.

    Your registration, badge and programme: { $link }

    Keep this link private: it opens your registration without a password. If you cannot come, cancel there so that your seat goes to someone on the waitlist.

    { $network }
email-registration-waitlisted-subject = You are on the waitlist: { $event }
email-registration-waitlisted-body = { $event } is full, and you are on the waitlist. As soon as a seat frees up, it is yours: we will email you.

    Your registration: { $link }

    { $network }
email-registration-promoted-subject = A seat is yours: { $event }
email-registration-promoted-body = A seat freed up at { $event }, and it is now yours: your registration is confirmed.

    Your registration, badge and programme: { $link }

    { $network }
email-registration-cancelled-subject = Registration cancelled: { $event }
email-registration-cancelled-body = Your registration for { $event } is cancelled. If this was a mistake, you can register again: { $link }

    { $network }

## Call for proposals
proposal-call-open = The call for session proposals is open to members.
proposal-new-title = Propose a session
proposal-mine = Your proposals
proposal-organisation = Organisation
proposal-submit = Send the proposal
proposals-title = Session proposals
proposals-none = No proposals yet.
proposal-score = Average score
proposal-reviews = Reviews
proposal-no-reviews = No reviews yet.
proposal-your-score = Your score (1 to 5)
proposal-comment = Comment
proposal-review-save = Save my review
proposal-decide = Decision
proposal-accept = Accept and schedule as a session
proposal-reject = Reject
proposal-decision-note = Note to the proposer
proposal-see-session = see the session
proposal-state-submitted = Submitted
proposal-state-accepted = Accepted
proposal-state-rejected = Not accepted
proposal-state-withdrawn = Withdrawn
done-proposal-submitted = Your proposal was sent. The reviewers will read it.
error-organisation-not-member = Only member organisations can propose sessions.
error-proposals-closed = This event is not taking session proposals.
error-proposal-decided = This proposal has already been decided.
error-score-invalid = Give a score from 1 to 5.
email-proposal-accepted-subject = Your proposal is accepted: { $event }
email-proposal-accepted-body = Your session proposal “{ $question }” for { $event } is accepted and in the programme: { $link }

    { $reference }

    { $network }
email-proposal-rejected-subject = About your proposal: { $event }
email-proposal-rejected-body = Thank you for your session proposal “{ $question }” for { $event }. The organisers could not include it in the programme.

    { $reference }

    { $network }

## Event setup and delegations
setup-title = Set up the event
setup-tracks = Tracks
setup-rooms = Rooms
setup-speakers = Speakers and moderators
setup-types = Registration types
setup-questions = Registration questions
setup-invitations = Invitation codes
setup-roles = Organisers, reviewers and check-in staff
setup-translations = Translations of the event
setup-add = Add
setup-edit = Edit
setup-editing = You are changing an existing entry; sessions that use it show the change.
setup-edit-stop = Add a new one instead
setup-item-translations = Translations of tracks, registration types, questions and biographies
setup-item-track = Track: { $name }
setup-item-type = Registration type: { $name }
setup-item-label = Question: { $name }
setup-item-options = Options of the question: { $name }
setup-item-bio = Biography of { $name }
setup-item-text-help = For a question's options, one translated option per line, in the same order. An empty text removes the translation.
field-item = What to translate
error-options-count = Give one translated option per line, as many as the question has.
setup-remove = Remove
error-track-in-use = Sessions or proposals are in this track: move them to another track first.
error-form-changed = The registration form changed while you were sending it. Check your answers and send it again.
error-room-in-use = Sessions take place in this room: move them to another room first.
error-speaker-in-use = This person speaks or moderates in sessions: take them out of those sessions first.
error-type-in-use = People registered with this type, or an invitation code gives it: it cannot be removed.
error-question-options-answered = People have already answered this question: its kind and options can no longer change (its label can).
error-question-in-use = People have already answered this question: it cannot be removed.
error-invitation-in-use = This code has already been used: it cannot be removed.
setup-revoke = Remove
setup-revoke-named = Remove { $name } from this role
setup-any-type = any registration type
setup-used = used { $used } of { $max } times
field-code = Code (letters, digits and hyphens)
field-organisation-name = Organisation as shown
field-bio = Short biography
field-photo = Photo (PNG, JPEG or WebP, at most 2 MB)
field-fee-amount = Fee (empty for free)
field-currency = Currency (ISO 4217, e.g. EUR)
field-members-only = Only for delegates of member organisations
field-requires-code = Needs an invitation code
field-label = Question
field-options = Options, one per line (for choice, dietary and interpreting questions)
field-required = Required
field-max-uses = How many times it can be used
field-note = Note
field-role = Role
field-field = Field
field-language = Language
field-text = Text
question-kind-text = Free text
question-kind-choice = Choice
question-kind-dietary = Dietary needs
question-kind-accessibility = Accessibility needs
question-kind-interpreting = Interpreting language
event-role-organiser = Organiser
event-role-checkin = Check-in staff
event-role-reviewer = Proposal reviewer
error-no-such-account = No account has this email address. Ask the person to create one first.
error-photo-too-large = The photo is too large (at most 2 MB).
error-photo-type = The photo must be a PNG, JPEG or WebP image.
register-delegation = Delegation of { $name }
register-delegation-empty = Nobody from your organisation is registered yet.
register-delegation-how = To register a member of your delegation, fill in the form below with their name and email and choose your organisation: they receive their own link and badge.
category-by-secretariat = changed by the secretariat
event-category = Category changed
event-new-title = New event
field-code-optional = Code (optional: made from the name if left empty)
account-settings = Settings
account-time-zone = Time zone
account-time-zone-hub = The hub's time zone ({ $name })
account-time-zone-hint = Dates and times are shown in this zone, with the zone named beside them.
todo-title = To do
nav-todo = To do
todo-nothing = Nothing needs you right now.
todo-none = None.
todo-more = and { $count } more
todo-applications = { $count ->
    [one] One membership application waits
   *[other] { $count } membership applications wait
}
todo-ack-by = acknowledge by { $name }
todo-ack-late = acknowledgement overdue since { $name }
todo-signatures = { $count ->
    [one] One signature to verify
   *[other] { $count } signatures to verify
}
todo-proposals = { $count ->
    [one] One session proposal to review
   *[other] { $count } session proposals to review
}
todo-dues = { $count ->
    [one] One overdue fee
   *[other] { $count } overdue fees
}
todo-due-on = due { $name }
todo-review = { $count ->
    [one] One library item waits for review
   *[other] { $count } library items wait for review
}
todo-votes = { $count ->
    [one] One open vote your organisation has not cast
   *[other] { $count } open votes your organisation has not cast
}
todo-closes = closes { $name }
todo-sign = { $count ->
    [one] One declaration your organisation has not signed
   *[other] { $count } declarations your organisation has not signed
}
todo-drafts = { $count ->
    [one] One of your organisation's library items is not published
   *[other] { $count } of your organisation's library items are not published
}
todo-registrations = { $count ->
    [one] One registration for an event to come
   *[other] { $count } registrations for events to come
}
home-events = Forums and events
home-more-events = All events
home-votes = Votes open now
home-library = New in the library
home-more-library = The whole library
home-declarations = Latest declarations
field-member-organisation = Member organisation
field-member-organisation-none = None (type the organisation below)
field-owner-none = None (the network's own)
field-organisation = Member organisation
dues-unpriced = Members without a fee
dues-unpriced-none = Every member has a fee.
dues-no-band = its country has no band
dues-no-rule = no fee for its class in band { $name }
dues-set-band = set the band
dues-bands-bulk = Band many countries at once
dues-bands-bulk-hint = Choose a continent, or paste country codes or names separated by commas or lines (e.g. KR, France, Sénégal).
field-continent-all = Every country of a continent
field-countries = Countries
field-bands-band = Band
dues-bands-set = Band set for { $count } countries.
error-countries-unknown = Unknown countries: { $name }
error-countries-required = Choose a continent or give countries.
dues-line = line { $name }
dues-none-org = No dues yet.
applications-organisation = The organisation
register-members-only-login = People from a member organisation can take this type once logged in.
register-members-only-affiliation = This type is for accounts of a member organisation: ask your organisation's admin to add you.
profile-mandates = Seats in governing bodies
profile-since = since { $name }
profile-signatures = Declarations signed
profile-events = Events hosted
profile-library = In the library
event-declarations = Declarations adopted here
event-library = Documents
declaration-adopted-at = Adopted at
apply-classes = Membership classes and fees
apply-fees-explained = Full and allied members pay an annual fee. The amount depends on the economic band of the country (band 1 is for the highest-income economies) and on the class; a full member counts once its first fee is paid after approval. Honorary members pay none.
apply-fees = Annual fees by country band
apply-charter = Read the charter this application commits to
field-payment-instructions = How to pay
payment-instructions-hint = Shown beside paid registration types and repeated in the confirmation email: bank details, an invoice on request, payment at the venue.
payment-instructions-none = The organisers will email you how to pay.
email-payment-due = Amount due: { $amount }. How to pay:
field-letter = Signed letter of application
apply-letter-hint = A PDF or a scan (PNG, JPEG or WebP), up to 5 MB. Optional, but it speeds up the review.
apply-letter-kept = { $name } was received and will be sent with the application unless you choose another file.
error-letter-type = Only a PDF or an image (PNG, JPEG or WebP) is accepted; this file's content is neither.
error-letter-too-large = The file is too large: at most 5 MB.
applications-no-letter = None attached
settings-translate-name = Translate the network's name
mentions-title = Named here, or naming this
mention-kind-library = Library
mention-kind-event = Event
mention-kind-declaration = Declaration
registration-join-title = Join online
registration-join = Join the online event
registration-join-private = This link is for confirmed participants only; please do not share it.
email-join-online = Join online: { $name }
