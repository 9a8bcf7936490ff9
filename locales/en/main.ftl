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
field-slug = Web address (slug)
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
error-not-found = We could not find this page.
error-unauthorized = Please log in to continue.
error-forbidden = You are not allowed to do this.
error-csrf = This form has expired. Go back, reload the page and try again.
error-too-many = Too many attempts. Please wait 15 minutes and try again.
error-internal = Something went wrong on our side. Please try again later.
error-invalid = Some values are not valid.
error-invalid-value = This value is not valid.
error-required = This field is required.
error-too-long = This is too long.
error-control-chars = This contains characters that are not allowed.
error-email-invalid = This is not a valid email address.
error-slug-invalid = Use lower-case letters, digits and hyphens (2–80 characters).
error-slug-required = Please give a web address (slug) in Latin letters.
error-slug-taken = This web address is already used by another organisation.
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
dues-generated = { $count } dues created. Members without a fee (country band or fee rule missing): { $missing }
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
