# Themes: after the ESSGLOBAL themes vocabulary (http://purl.org/essglobal/standard/themes/, RIPESS), labels revised and translated to Korean by Pumasi.
# SDGs: the 17 Sustainable Development Goals of the United Nations (short titles).

## ESSGLOBAL themes
theme-t1 = Transition towns and housing rights
theme-t1-note = Covers topics related to housing and mobility.
theme-t2 = Food sovereignty and peasant agriculture
theme-t2-note = Covers topics related to food and agriculture.
theme-t3 = Social and solidarity finance
theme-t3-note = Covers topics related to finance.
theme-t4 = Concepts and values related to the solidarity economy
theme-t4-note = Covers topics related to economies.
theme-t5 = Environment and commons
theme-t5-note = Covers topics related to the environment, energy and common goods.
theme-t6 = Public policies
theme-t6-note = Covers topics related to public policy.
theme-t7 = Free culture and knowledge
theme-t7-note = Covers topics related to free culture and knowledge.
theme-t8 = Popular education and training
theme-t8-note = Covers topics related to education and learning.
theme-t9 = Solidarity and responsible production, trade and consumption
theme-t9-note = Covers topics related to production, trade and consumption.
theme-t10 = Territorial development and buen vivir
theme-t10-note = Covers topics related to local development and well-being.
theme-t11 = International cooperation
theme-t11-note = Covers topics related to international cooperation.
theme-t12 = Social justice and inclusion, and the fight against poverty
theme-t12-note = Covers topics related to social justice and poverty alleviation.
theme-t13 = Decent work and self-management
theme-t13-note = Covers topics related to decent work and self-management.
theme-t14 = Women
theme-t14-note = Covers topics related to women.
theme-t15 = SSE movement organising and networking (national and international)
theme-t15-note = Covers topics related to networking and social movements.
theme-t16 = Research and technology
theme-t16-note = Covers topics related to research and technology.
theme-t17 = Indigenous peoples and communities
theme-t17-note = Covers topics related to indigenous peoples and communities.
theme-t18 = Alternative communication and information
theme-t18-note = Covers topics related to communication and information.
theme-t19 = Other themes
theme-t19-note = Covers other topics.

## UN Sustainable Development Goals
sdg-1 = No poverty
sdg-2 = Zero hunger
sdg-3 = Good health and well-being
sdg-4 = Quality education
sdg-5 = Gender equality
sdg-6 = Clean water and sanitation
sdg-7 = Affordable and clean energy
sdg-8 = Decent work and economic growth
sdg-9 = Industry, innovation and infrastructure
sdg-10 = Reduced inequalities
sdg-11 = Sustainable cities and communities
sdg-12 = Responsible consumption and production
sdg-13 = Climate action
sdg-14 = Life below water
sdg-15 = Life on land
sdg-16 = Peace, justice and strong institutions
sdg-17 = Partnerships for the goals
